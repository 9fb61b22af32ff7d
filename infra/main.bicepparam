using './main.bicep'

param environmentName = readEnvironmentVariable('AZURE_ENV_NAME', 'alvys-customers-dev')
param location = readEnvironmentVariable('AZURE_LOCATION', 'eastus2')
param principalId = readEnvironmentVariable('AZURE_PRINCIPAL_ID', '')
param cosmosCapacityMode = readEnvironmentVariable('COSMOS_CAPACITY_MODE', 'serverless')
param jwtAuthority = readEnvironmentVariable('JWT_AUTHORITY', 'https://login.microsoftonline.com/common/v2.0')
param jwtAudience = readEnvironmentVariable('JWT_AUDIENCE', 'api://alvys-customers')
param customerWritesEnabled = bool(readEnvironmentVariable('CUSTOMER_WRITES_ENABLED', 'true'))
param keyRingCertificateName = readEnvironmentVariable('KEY_RING_CERTIFICATE', '')
param apiImageName = readEnvironmentVariable('SERVICE_API_IMAGE_NAME', '')
param apiMinReplicas = int(readEnvironmentVariable('API_MIN_REPLICAS', '1'))
param apiMaxReplicas = int(readEnvironmentVariable('API_MAX_REPLICAS', '5'))
