// Alvys Customers service on Azure: a Container App reading and writing Cosmos DB with a managed identity.
// Deployed by `azd up`; every module is local (registry modules cannot be restored on the build machines).
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('azd environment name; names and tags every resource.')
param environmentName string

@minLength(1)
@description('Azure region for every resource.')
param location string

@description('Object id of the deploying user or principal, granted data access to Cosmos DB for diagnostics; empty for none.')
param principalId string = ''

@allowed([ 'serverless', 'autoscale' ])
@description('Cosmos DB capacity: serverless (pay per request, no cost at rest) or autoscale throughput on the database.')
param cosmosCapacityMode string = 'serverless'

@minValue(1000)
@description('Autoscale maximum RU/s of the database when cosmosCapacityMode is autoscale.')
param cosmosAutoscaleMaxThroughput int = 1000

@description('OAuth2 authority that issues partner access tokens (Authentication:Schemes:Bearer:Authority).')
param jwtAuthority string

@description('Audience partner access tokens are issued for (Authentication:Schemes:Bearer:ValidAudiences).')
param jwtAudience string

@description('Write kill switch (FeatureManagement:CustomerWrites): false answers POST/PATCH/DELETE with 503.')
param customerWritesEnabled bool = true

@minValue(0)
param apiMinReplicas int = 1

@minValue(1)
param apiMaxReplicas int = 5

@description('The name of the Key Vault certificate that encrypts the webhook secrets\' key ring (create it once in the vault this template makes, then provision again); empty: none.')
param keyRingCertificateName string = ''

@description('Container image of the api service; azd fills it on deploy, the first provision runs a placeholder.')
param apiImageName string = ''

var tags = { 'azd-env-name': environmentName }
var token = toLower(uniqueString(subscription().id, environmentName, location))
var databaseName = 'alvys'
var containerName = 'customers'
var webhooksContainerName = 'webhooks'
var leasesContainerName = 'leases'

resource resourceGroup 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: 'rg-${environmentName}'
  location: location
  tags: tags
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  scope: resourceGroup
  params: {
    location: location
    tags: tags
    logAnalyticsName: 'log-${token}'
    applicationInsightsName: 'appi-${token}'
  }
}

module identity 'modules/identity.bicep' = {
  name: 'identity'
  scope: resourceGroup
  params: {
    location: location
    tags: tags
    name: 'id-api-${token}'
  }
}

module registry 'modules/registry.bicep' = {
  name: 'registry'
  scope: resourceGroup
  params: {
    location: location
    tags: tags
    name: 'cr${token}'
    pullPrincipalId: identity.outputs.principalId
  }
}

module cosmos 'modules/cosmos.bicep' = {
  name: 'cosmos'
  scope: resourceGroup
  params: {
    location: location
    tags: tags
    accountName: 'cosmos-${token}'
    databaseName: databaseName
    containerName: containerName
    webhooksContainerName: webhooksContainerName
    leasesContainerName: leasesContainerName
    capacityMode: cosmosCapacityMode
    autoscaleMaxThroughput: cosmosAutoscaleMaxThroughput
    dataContributorPrincipalIds: empty(principalId) ? [ identity.outputs.principalId ] : [ identity.outputs.principalId, principalId ]
  }
}

module redis 'modules/redis.bicep' = {
  name: 'redis'
  scope: resourceGroup
  params: {
    location: location
    tags: tags
    name: 'redis-${token}'
    dataPrincipalId: identity.outputs.principalId
  }
}

module keyVault 'modules/keyvault.bicep' = {
  name: 'keyvault'
  scope: resourceGroup
  params: {
    location: location
    tags: tags
    name: 'kv-${token}'
    readerPrincipalId: identity.outputs.principalId
    certificateOfficerPrincipalId: principalId
  }
}

module api 'modules/container-app.bicep' = {
  name: 'api'
  scope: resourceGroup
  params: {
    location: location
    tags: tags
    environmentName: 'cae-${token}'
    appName: 'ca-api-${token}'
    logAnalyticsWorkspaceName: monitoring.outputs.logAnalyticsName
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    registryLoginServer: registry.outputs.loginServer
    imageName: apiImageName
    minReplicas: apiMinReplicas
    maxReplicas: apiMaxReplicas
    keyRingCertificateSecretUri: empty(keyRingCertificateName) ? '' : '${keyVault.outputs.uri}secrets/${keyRingCertificateName}'
    settings: [
      { name: 'Cosmos__Endpoint', value: cosmos.outputs.endpoint }
      { name: 'Cosmos__Database', value: databaseName }
      { name: 'Cosmos__Container', value: containerName }
      { name: 'Cosmos__WebhooksContainer', value: webhooksContainerName }
      { name: 'Cosmos__LeasesContainer', value: leasesContainerName }
      { name: 'Cosmos__ManagedIdentityClientId', value: identity.outputs.clientId }
      { name: 'AZURE_CLIENT_ID', value: identity.outputs.clientId }
      { name: 'Authentication__Schemes__Bearer__Authority', value: jwtAuthority }
      { name: 'Authentication__Schemes__Bearer__ValidAudiences__0', value: jwtAudience }
      { name: 'FeatureManagement__CustomerWrites', value: string(customerWritesEnabled) }
      // Rate-limit buckets shared by every replica; while Redis is unreachable each replica keeps 1/maxReplicas.
      { name: 'RateLimiting__RedisEndpoint', value: redis.outputs.endpoint }
      { name: 'RateLimiting__RedisUser', value: identity.outputs.principalId }
      { name: 'RateLimiting__RedisManagedIdentityClientId', value: identity.outputs.clientId }
      { name: 'RateLimiting__Replicas', value: string(apiMaxReplicas) }
      { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: monitoring.outputs.applicationInsightsConnectionString }
    ]
  }
}

// azd reads these; the Cosmos ones are named exactly like the app's configuration keys (environment form).
output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = resourceGroup.name
output AZURE_CONTAINER_REGISTRY_ENDPOINT string = registry.outputs.loginServer
output AZURE_CONTAINER_APPS_ENVIRONMENT_NAME string = api.outputs.environmentName
output SERVICE_API_NAME string = api.outputs.name
output SERVICE_API_ENDPOINT_URL string = api.outputs.url
output Cosmos__Endpoint string = cosmos.outputs.endpoint
output Cosmos__Database string = databaseName
output Cosmos__Container string = containerName
output Cosmos__WebhooksContainer string = webhooksContainerName
output Cosmos__LeasesContainer string = leasesContainerName
output Cosmos__ManagedIdentityClientId string = identity.outputs.clientId
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name
