// An invented demo account, shaped like the listings a console already has
// (SDRS protection groups, ECS servers, VPC subnets, ECS flavors, key
// pairs): the pre-flight context of SPEC §4 and the choices of the form's
// dropdowns. Fields the linter does not read (name, vpc_name, fixed_ip, …)
// are what a console shows; SPEC §4 lets listings carry them.
//
// Two VPCs: "vpc-erp" (production zone eu-de-01, DR zone eu-de-02) and
// "vpc-shop" (production eu-de-02, DR eu-de-01). Every server that is not
// clean has one reason, named in its `note` (a key of the page's strings,
// i18n.js account.serverNote), so that each pre-flight rule can be seen by
// choosing it.

const VPC_ERP = '5284de14-bfd1-43b1-8448-ae12c9c440ee';
const VPC_SHOP = '73d53130-4caf-4d40-a19a-d438e3950e3f';

export const VPC_NAMES = { [VPC_ERP]: 'vpc-erp', [VPC_SHOP]: 'vpc-shop' };

export const ACCOUNT = {
  protection_groups: [
    { id: '678ca75e-85d2-4199-9bb3-74c8df096684', name: 'pg-erp', status: 'available',
      source_vpc_id: VPC_ERP, source_availability_zone: 'eu-de-01', target_availability_zone: 'eu-de-02' },
    { id: '35b91020e1b3420aa8b94b11c82f7189', name: 'pg-shop', status: 'protected',
      source_vpc_id: VPC_SHOP, source_availability_zone: 'eu-de-02', target_availability_zone: 'eu-de-01' },
    { id: '212ec44a-2c46-4d57-ba9c-d7c6c7125f2b', name: 'pg-archive', status: 'error',
      source_vpc_id: VPC_ERP, source_availability_zone: 'eu-de-01', target_availability_zone: 'eu-de-02' },
  ],
  servers: [
    { id: 'b8686bf9-a18d-458e-bb2d-51d153f84814', name: 'ecs-erp-app-01', fixed_ip: '192.168.10.21',
      status: 'ACTIVE', vpc_id: VPC_ERP, availability_zone: 'eu-de-01', flavor: 's3.xlarge.2',
      os_type: 'Linux', key_name: 'kp-erp-admin', shared_disk: false, dedicated_host: false,
      autoscaling_group_id: null, protected_instance_id: null },
    { id: 'a420710d-ebd5-48fc-9144-a53990cd14de', name: 'ecs-erp-app-02', fixed_ip: '192.168.10.22',
      status: 'ACTIVE', vpc_id: VPC_ERP, availability_zone: 'eu-de-01', flavor: 's3.xlarge.2',
      os_type: 'Linux', key_name: 'kp-erp-admin', shared_disk: false, dedicated_host: false,
      autoscaling_group_id: null, protected_instance_id: '0760cb60-7468-44d1-8160-cad92438b550',
      note: 'protected' },
    { id: 'a925d3b9-d8ce-43ae-822c-11c19fc5a356', name: 'ecs-erp-db-01', fixed_ip: '192.168.10.31',
      status: 'ACTIVE', vpc_id: VPC_ERP, availability_zone: 'eu-de-01', flavor: 'm3.2xlarge.8',
      os_type: 'Linux', key_name: 'kp-erp-admin', shared_disk: true, dedicated_host: false,
      autoscaling_group_id: null, protected_instance_id: null, note: 'shared-disk' },
    { id: '91f346a9-9146-4294-87d8-2b78c935deb3', name: 'ecs-erp-win-01', fixed_ip: '192.168.10.41',
      status: 'SHUTOFF', vpc_id: VPC_ERP, availability_zone: 'eu-de-01', flavor: 's3.large.4',
      os_type: 'Windows', key_name: 'kp-erp-legacy', shared_disk: false, dedicated_host: false,
      autoscaling_group_id: null, protected_instance_id: null, note: 'key-pair-deleted' },
    { id: '40dceac0-0a0e-473b-9260-974762bd9da7', name: 'ecs-erp-report-01', fixed_ip: '192.168.11.12',
      status: 'ACTIVE', vpc_id: VPC_ERP, availability_zone: 'eu-de-02', flavor: 's3.large.2',
      os_type: 'Linux', key_name: null, shared_disk: false, dedicated_host: false,
      autoscaling_group_id: null, protected_instance_id: null },
    { id: '9fc55684-71f3-4d1a-be5c-073bd4b707fd', name: 'ecs-shop-web-01', fixed_ip: '10.30.1.11',
      status: 'ACTIVE', vpc_id: VPC_SHOP, availability_zone: 'eu-de-02', flavor: 's3.large.2',
      os_type: 'Linux', key_name: 'kp-shop-deploy', shared_disk: false, dedicated_host: false,
      autoscaling_group_id: null, protected_instance_id: null },
    { id: '22331a62-e395-4c7d-a0cb-6a8f428415c9', name: 'ecs-shop-web-02', fixed_ip: '10.30.1.12',
      status: 'ACTIVE', vpc_id: VPC_SHOP, availability_zone: 'eu-de-02', flavor: 's3.large.2',
      os_type: 'Linux', key_name: 'kp-shop-deploy', shared_disk: false, dedicated_host: false,
      autoscaling_group_id: '4c7de545-eb5e-4eb2-872d-21f4877b2ea5', protected_instance_id: null,
      note: 'autoscaling' },
    { id: '29564658-5e52-4341-8cd3-b768df95c39b', name: 'ecs-shop-batch-01', fixed_ip: '10.30.1.40',
      status: 'ERROR', vpc_id: VPC_SHOP, availability_zone: 'eu-de-02', flavor: 'c4.xlarge.2',
      os_type: 'Linux', key_name: null, shared_disk: false, dedicated_host: false,
      autoscaling_group_id: null, protected_instance_id: null, note: 'error' },
    { id: '0cb6f843-6386-4595-9577-8af61e117eb8', name: 'ecs-shop-deh-01', fixed_ip: '10.30.1.50',
      status: 'ACTIVE', vpc_id: VPC_SHOP, availability_zone: 'eu-de-02', flavor: 's3.xlarge.2',
      os_type: 'Linux', key_name: null, shared_disk: false, dedicated_host: true,
      autoscaling_group_id: null, protected_instance_id: null, note: 'dedicated-host' },
  ],
  subnets: [
    { id: 'e156a094-575e-46d1-a856-7aca11d60d17', name: 'subnet-erp-dr', vpc_id: VPC_ERP,
      cidr: '192.168.20.0/24', gateway_ip: '192.168.20.1',
      used_ips: ['192.168.20.10', '192.168.20.11', '192.168.20.12', '192.168.20.25', '192.168.20.40'] },
    { id: '8a5bceda-0b51-4dc6-80d3-354201eef4c3', name: 'subnet-erp-app', vpc_id: VPC_ERP,
      cidr: '192.168.10.0/24', gateway_ip: '192.168.10.1',
      used_ips: ['192.168.10.21', '192.168.10.22', '192.168.10.31', '192.168.10.41'] },
    { id: '40c916e5-53bc-4b66-aded-bdc902ec2d4d', name: 'subnet-shop-dr', vpc_id: VPC_SHOP,
      cidr: '10.30.2.0/24', gateway_ip: '10.30.2.1',
      used_ips: ['10.30.2.10', '10.30.2.11', '10.30.2.20'] },
  ],
  flavors: [
    { id: 's3.medium.2', vcpus: 1, ram: 2048 },
    { id: 's3.large.2', vcpus: 2, ram: 4096 },
    { id: 's3.large.4', vcpus: 2, ram: 8192 },
    { id: 's3.xlarge.2', vcpus: 4, ram: 8192 },
    { id: 's3.2xlarge.2', vcpus: 8, ram: 16384 },
    { id: 'c4.xlarge.2', vcpus: 4, ram: 8192 },
    { id: 'm3.xlarge.8', vcpus: 4, ram: 32768 },
    { id: 'm3.2xlarge.8', vcpus: 8, ram: 65536 },
  ],
  key_pairs: ['kp-erp-admin', 'kp-shop-deploy'],
};

const [ERP_GROUP] = ACCOUNT.protection_groups;
const [ERP_APP_01, , ERP_DB_01] = ACCOUNT.servers;
const [ERP_DR_SUBNET] = ACCOUNT.subnets;

/** Ready-made bodies the editor can start from (named by the page's strings, i18n.js examples). */
export const EXAMPLES = [
  {
    id: 'account',
    text: `${JSON.stringify({
      protected_instance: {
        server_group_id: ERP_GROUP.id,
        server_id: ERP_APP_01.id,
        name: 'erp-app-01-dr',
        description: 'ERP application server',
        primary_subnet_id: ERP_DR_SUBNET.id,
        primary_ip_address: '192.168.20.31',
        flavorRef: 's3.xlarge.2',
        tags: [{ key: 'owner', value: 'team-erp' }, { key: 'cost-center', value: '4711' }],
      },
    }, null, 2)}\n`,
  },
  {
    id: 'batch',
    text: `${JSON.stringify({
      protected_instances: {
        server_group_id: ERP_GROUP.id,
        servers: [{ server_id: ERP_APP_01.id, flavorRef: 's3.xlarge.2' }, { server_id: ERP_DB_01.id }],
        name_prefix: 'erp-dr',
        description: 'ERP application and database servers',
        primary_subnet_id: ERP_DR_SUBNET.id,
        tags: [{ key: 'owner', value: 'team-erp' }],
      },
    }, null, 2)}\n`,
  },
  {
    id: 'api-page',
    // Verbatim, with its typo'd subnet ID (`…fh-…`).
    text: `{
  "protected_instance": {
    "server_group_id": "523ab8ad-3759-4933-9436-4cf4ebb20867",
    "server_id": "403b603d-1d91-42cc-a357-81f3c2daf43f",
    "name": "test_protected_instance_name",
    "description": "my description",
    "primary_subnet_id": "a32217fh-3413-c313-6342-3124d3491502",
    "primary_ip_address": "192.168.0.5",
    "flavorRef": "s3.large.2",
    "tags": [
      {
        "key": "key1",
        "value": "value1"
      }
    ]
  }
}
`,
  },
  {
    id: 'unwrapped',
    text: `{
  "server_group_id": "${ERP_GROUP.id}",
  "server_id": "${ERP_APP_01.id}",
  "name": "erp-app-01-dr"
}
`,
  },
  { id: 'empty', text: '' },
];

/** What a listing entry is called in a dropdown: its name and what tells it apart, in the page's words `t` (i18n.js). */
export function listingLabel(listing, item, t) {
  const vpc = (id) => VPC_NAMES[id] ?? id;
  switch (listing) {
    case 'protection_groups':
      return `${item.name} (${t.account.groupStatus[item.status] ?? item.status}) · ${vpc(item.source_vpc_id)} · ${item.source_availability_zone} → ${item.target_availability_zone}`;
    case 'servers':
      return `${item.name} · ${item.fixed_ip} · ${vpc(item.vpc_id)} · ${item.availability_zone}${item.note ? ` · ${t.account.serverNote[item.note]}` : ''}`;
    case 'subnets':
      return `${item.name} · ${item.cidr} · ${vpc(item.vpc_id)}`;
    case 'flavors':
      return `${item.id} · ${t.account.flavor({ vcpus: item.vcpus, gib: item.ram / 1024 })}`;
    default:
      return t.choices[item.id] ?? item.id;
  }
}
