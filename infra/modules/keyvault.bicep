// The vault of the certificate that encrypts the webhook secrets' Data Protection key ring before it is stored in
// Cosmos DB (Webhooks:KeyRingCertificatePath). RBAC only: the API's identity reads the certificate's secret (the PFX),
// the deploying principal may create and renew the certificate. No access policies, no keys in settings.
param location string
param tags object
param name string
param readerPrincipalId string

@description('The deploying user, allowed to create the certificate; empty: nobody but the vault\'s owners.')
param certificateOfficerPrincipalId string = ''

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: tenant().tenantId
    sku: { family: 'A', name: 'standard' }
    enableRbacAuthorization: true
    enableSoftDelete: true
    enablePurgeProtection: true
    softDeleteRetentionInDays: 90
  }
}

var secretsUser = subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '4633458b-17de-408a-b874-0445c86b69e6')
var certificatesOfficer = subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'a4417e6f-fecd-4de8-b567-7b0420556985')

resource apiReadsCertificate 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, readerPrincipalId, secretsUser)
  scope: vault
  properties: {
    roleDefinitionId: secretsUser
    principalId: readerPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource deployerManagesCertificate 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(certificateOfficerPrincipalId)) {
  name: guid(vault.id, certificateOfficerPrincipalId, certificatesOfficer)
  scope: vault
  properties: {
    roleDefinitionId: certificatesOfficer
    principalId: certificateOfficerPrincipalId
  }
}

output name string = vault.name
output uri string = vault.properties.vaultUri
