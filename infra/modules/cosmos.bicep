// Cosmos DB for NoSQL with Entra ID (managed identity) access only, continuous backup, the customers container and
// the webhooks container. The container's partition key, unique keys and indexing policy are the ones the service creates
// in Development (CustomerContainerDefinition); a test compiles this file and compares the two.
param location string
param tags object
param accountName string
param databaseName string
param containerName string

@description('The container of the tenants\' webhooks and their deliveries.')
param webhooksContainerName string

@description('The container of the change feed processor\'s leases (webhook delivery).')
param leasesContainerName string

@allowed([ 'serverless', 'autoscale' ])
param capacityMode string

param autoscaleMaxThroughput int

@description('Principals granted the built-in Cosmos DB Data Contributor role (data plane).')
param dataContributorPrincipalIds array

// Cosmos DB Built-in Data Contributor: read and write items, no control-plane rights.
var dataContributorRoleId = '00000000-0000-0000-0000-000000000002'

resource account 'Microsoft.DocumentDB/databaseAccounts@2024-11-15' = {
  name: accountName
  location: location
  tags: tags
  kind: 'GlobalDocumentDB'
  properties: {
    databaseAccountOfferType: 'Standard'
    // Keys are off: the only way in is an Entra ID token with a data-plane role.
    disableLocalAuth: true
    disableKeyBasedMetadataWriteAccess: true
    minimalTlsVersion: 'Tls12'
    consistencyPolicy: { defaultConsistencyLevel: 'Session' }
    locations: [
      { locationName: location, failoverPriority: 0, isZoneRedundant: false }
    ]
    capabilities: capacityMode == 'serverless' ? [ { name: 'EnableServerless' } ] : []
    backupPolicy: {
      type: 'Continuous'
      continuousModeProperties: { tier: 'Continuous7Days' }
    }
  }
}

resource database 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases@2024-11-15' = {
  parent: account
  name: databaseName
  properties: {
    resource: { id: databaseName }
    options: capacityMode == 'autoscale' ? { autoscaleSettings: { maxThroughput: autoscaleMaxThroughput } } : {}
  }
}

resource container 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2024-11-15' = {
  parent: database
  name: containerName
  properties: {
    resource: {
      id: containerName
      // One logical partition per tenant.
      partitionKey: { paths: [ '/tenantId' ], kind: 'Hash', version: 2 }
      // Single-path keys, unique per logical partition (tenant); absent values are stored as per-customer fillers.
      uniqueKeyPolicy: {
        uniqueKeys: [
          { paths: [ '/keys/companyNumber' ] }
          { paths: [ '/keys/externalId' ] }
          { paths: [ '/keys/nameZip' ] }
        ]
      }
      // Only what queries filter or sort on is indexed, to keep writes cheap.
      indexingPolicy: {
        indexingMode: 'consistent'
        automatic: true
        includedPaths: [
          { path: '/status/?' }
          { path: '/dateCreated/?' }
          { path: '/dateModified/?' }
          { path: '/name/?' }
          { path: '/nameKey/?' }
          { path: '/keys/companyNumber/?' }
          { path: '/keys/externalId/?' }
          { path: '/keys/nameZip/?' }
        ]
        excludedPaths: [
          { path: '/*' }
        ]
        // Each order a search offers, and the same behind the status for a search of one status.
        compositeIndexes: [
          [
            { path: '/dateCreated', order: 'ascending' }
            { path: '/id', order: 'ascending' }
          ]
          [
            { path: '/dateModified', order: 'ascending' }
            { path: '/id', order: 'ascending' }
          ]
          [
            { path: '/name', order: 'ascending' }
            { path: '/id', order: 'ascending' }
          ]
          [
            { path: '/status', order: 'ascending' }
            { path: '/dateCreated', order: 'ascending' }
            { path: '/id', order: 'ascending' }
          ]
          [
            { path: '/status', order: 'ascending' }
            { path: '/dateModified', order: 'ascending' }
            { path: '/id', order: 'ascending' }
          ]
          [
            { path: '/status', order: 'ascending' }
            { path: '/name', order: 'ascending' }
            { path: '/id', order: 'ascending' }
          ]
        ]
      }
    }
  }
}

// The tenants' webhooks (WebhookContainerDefinition): partitioned by tenant, each webhook holding one of its tenant's
// numbered places (/slot, unique per partition) so that racing creates cannot pass the limit per tenant.
resource webhooksContainer 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2024-11-15' = {
  parent: database
  name: webhooksContainerName
  properties: {
    resource: {
      id: webhooksContainerName
      partitionKey: { paths: [ '/tenantId' ], kind: 'Hash', version: 2 }
      // TTL on with no default: only the deliveries, which carry a ttl of their own, expire.
      defaultTtl: -1
      uniqueKeyPolicy: {
        uniqueKeys: [
          { paths: [ '/slot' ] }
        ]
      }
      indexingPolicy: {
        indexingMode: 'consistent'
        automatic: true
        includedPaths: [
          { path: '/kind/?' }
          { path: '/dateCreated/?' }
          { path: '/state/?' }
          { path: '/nextAttemptAt/?' }
          { path: '/webhookId/?' }
          { path: '/customerId/?' }
          { path: '/revision/?' }
          { path: '/claimedUntil/?' }
        ]
        excludedPaths: [
          { path: '/*' }
        ]
        compositeIndexes: []
      }
    }
  }
}

// The change feed processor's leases (LeaseContainerDefinition): one document per lease, partitioned by id, as the SDK requires.
resource leasesContainer 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2024-11-15' = {
  parent: database
  name: leasesContainerName
  properties: {
    resource: {
      id: leasesContainerName
      partitionKey: { paths: [ '/id' ], kind: 'Hash', version: 2 }
      uniqueKeyPolicy: { uniqueKeys: [] }
      indexingPolicy: {
        indexingMode: 'consistent'
        automatic: true
        includedPaths: [ { path: '/*' } ]
        excludedPaths: []
        compositeIndexes: []
      }
    }
  }
}

resource dataContributors 'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments@2024-11-15' = [for principalId in dataContributorPrincipalIds: {
  parent: account
  name: guid(account.id, principalId, dataContributorRoleId)
  properties: {
    principalId: principalId
    roleDefinitionId: '${account.id}/sqlRoleDefinitions/${dataContributorRoleId}'
    scope: account.id
  }
}]

output endpoint string = account.properties.documentEndpoint
