// The Container Apps environment and the api app: HTTPS ingress only, health probes on the service's own
// endpoints, the user-assigned identity for both the registry pull and Cosmos DB.
param location string
param tags object
param environmentName string
param appName string
param logAnalyticsWorkspaceName string
param identityId string
param identityClientId string
param registryLoginServer string
param imageName string
param minReplicas int
param maxReplicas int

@description('Environment variables of the app, as { name, value } pairs.')
param settings array

@description('The Key Vault secret URI of the certificate that encrypts the Data Protection key ring; empty: the ring is stored unencrypted (Cosmos DB still encrypts it at rest).')
param keyRingCertificateSecretUri string = ''

var keyRingMount = '/mnt/keyring'
var keyRing = empty(keyRingCertificateSecretUri) ? {
  secrets: []
  volumes: []
  mounts: []
  settings: []
} : {
  // The certificate as a file of a secret volume: Container Apps reads it from Key Vault with the app's identity.
  secrets: [ { name: 'keyring-certificate', keyVaultUrl: keyRingCertificateSecretUri, identity: identityId } ]
  volumes: [ { name: 'keyring', storageType: 'Secret', secrets: [ { secretRef: 'keyring-certificate', path: 'keyring.pfx' } ] } ]
  mounts: [ { volumeName: 'keyring', mountPath: keyRingMount } ]
  settings: [ { name: 'Webhooks__KeyRingCertificatePath', value: '${keyRingMount}/keyring.pfx' } ]
}

resource logAnalytics 'Microsoft.OperationalInsights/workspaces@2023-09-01' existing = {
  name: logAnalyticsWorkspaceName
}

resource environment 'Microsoft.App/managedEnvironments@2024-03-01' = {
  name: environmentName
  location: location
  tags: tags
  properties: {
    appLogsConfiguration: {
      destination: 'log-analytics'
      logAnalyticsConfiguration: {
        customerId: logAnalytics.properties.customerId
        sharedKey: logAnalytics.listKeys().primarySharedKey
      }
    }
  }
}

resource app 'Microsoft.App/containerApps@2024-03-01' = {
  name: appName
  location: location
  tags: union(tags, { 'azd-service-name': 'api' })
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identityId}': {} }
  }
  properties: {
    managedEnvironmentId: environment.id
    configuration: {
      activeRevisionsMode: 'Single'
      ingress: {
        external: true
        targetPort: 8080
        transport: 'auto'
        allowInsecure: false
      }
      registries: [
        { server: registryLoginServer, identity: identityId }
      ]
      secrets: keyRing.secrets
    }
    template: {
      containers: [
        {
          name: 'api'
          image: empty(imageName) ? 'mcr.microsoft.com/azuredocs/containerapps-helloworld:latest' : imageName
          resources: { cpu: json('0.5'), memory: '1Gi' }
          volumeMounts: keyRing.mounts
          env: concat(settings, keyRing.settings, [
            { name: 'ASPNETCORE_ENVIRONMENT', value: 'Production' }
            { name: 'ASPNETCORE_HTTP_PORTS', value: '8080' }
          ])
          probes: [
            {
              type: 'Liveness'
              httpGet: { path: '/health/live', port: 8080 }
              periodSeconds: 10
              failureThreshold: 3
            }
            {
              type: 'Readiness'
              httpGet: { path: '/health/ready', port: 8080 }
              periodSeconds: 10
              failureThreshold: 3
            }
            {
              type: 'Startup'
              httpGet: { path: '/health/live', port: 8080 }
              periodSeconds: 5
              failureThreshold: 24
            }
          ]
        }
      ]
      volumes: keyRing.volumes
      scale: {
        minReplicas: minReplicas
        maxReplicas: maxReplicas
        rules: [
          { name: 'http', http: { metadata: { concurrentRequests: '50' } } }
        ]
      }
    }
  }
}

output name string = app.name
output environmentName string = environment.name
output url string = 'https://${app.properties.configuration.ingress.fqdn}'
output identityClientId string = identityClientId
