// The Redis that holds the rate-limit buckets every API replica spends from (RateLimiting:RedisEndpoint).
// Entra ID authentication only: access keys are disabled, and the API's managed identity is given a data access
// policy (its object id is the Redis user). TLS only, no public port other than 6380.
param location string
param tags object
param name string

@description('Object (principal) id of the managed identity that reads and writes the buckets.')
param dataPrincipalId string

resource redis 'Microsoft.Cache/redis@2024-11-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    sku: { name: 'Standard', family: 'C', capacity: 0 }
    enableNonSslPort: false
    minimumTlsVersion: '1.2'
    disableAccessKeyAuthentication: true
    redisConfiguration: {
      'aad-enabled': 'true'
    }
  }
}

resource dataAccess 'Microsoft.Cache/redis/accessPolicyAssignments@2024-11-01' = {
  parent: redis
  name: 'api-data-contributor'
  properties: {
    accessPolicyName: 'Data Contributor'
    objectId: dataPrincipalId
    objectIdAlias: 'api'
  }
}

output endpoint string = '${redis.properties.hostName}:${redis.properties.sslPort}'
