// Drives the sandbox with Alibaba Cloud's official Node.js clients, which sign and parse on their
// own, and prints one JSON object of what they saw. Usage: node interop.js 127.0.0.1:PORT
'use strict';
const RPCClient = require('@alicloud/pop-core').RPCClient;
const OSS = require('ali-oss');

const endpoint = 'http://' + process.argv[2];
const keys = { accessKeyId: 'testAK', accessKeySecret: 'testSecret' };

function ecs(secret) {
  return new RPCClient({ ...keys, accessKeySecret: secret || keys.accessKeySecret, endpoint, apiVersion: '2014-05-26' });
}

async function code(promise) {
  try {
    await promise;
    return 'ok';
  } catch (e) {
    return e.code || e.name;
  }
}

function oss(authorizationV4, secret) {
  return new OSS({ ...keys, accessKeySecret: secret || keys.accessKeySecret, region: 'oss-cn-hangzhou',
    endpoint, bucket: 'disks-hz', authorizationV4, timeout: 5000 });
}

async function ossCalls(authorizationV4) {
  const client = oss(authorizationV4);
  const head = await client.head('wave/web.qcow2');
  const range = await client.get('wave/web.qcow2', null, { headers: { Range: 'bytes=0-511' } });
  const tail = await client.get('wave/ad.vhd', null, { headers: { Range: 'bytes=-512' } });
  return {
    headLength: Number(head.res.headers['content-length']),
    qcow2Magic: range.content.subarray(0, 4).toString('hex'),
    qcow2Size: range.content.readBigUInt64BE(24).toString(),
    vhdCookie: tail.content.subarray(0, 8).toString('latin1'),
    location: await client.getBucketLocation('disks-hz').then(r => r.location),
    missingKey: await code(client.get('wave/none.raw')),
    wrongSecret: await code(oss(authorizationV4, 'wrong').head('wave/web.qcow2')),
  };
}

(async () => {
  const client = ecs();
  const regions = await client.request('DescribeRegions', {}, { method: 'POST' });
  const imported = await client.request('ImportImage', {
    RegionId: 'cn-hangzhou', ImageName: 'node-01', Description: 'imported by the Node.js client, ü & *',
    'DiskDeviceMapping.1.OSSBucket': 'disks-hz', 'DiskDeviceMapping.1.OSSObject': 'wave/web.qcow2',
    'Tag.1.Key': 'ecs-image-migrator:plan', 'Tag.1.Value': 'node test',
  }, { method: 'POST' });
  const images = await client.request('DescribeImages', {
    RegionId: 'cn-hangzhou', ImageId: imported.ImageId, Status: 'Creating,Available',
  }, { method: 'GET' });
  const result = {
    regions: regions.Regions.Region.map(r => r.RegionId),
    imageId: imported.ImageId,
    describedName: images.Images.Image[0].ImageName,
    describedTag: images.Images.Image[0].Tags.Tag[0].TagValue,
    duplicate: await code(client.request('ImportImage', {
      RegionId: 'cn-hangzhou', ImageName: 'node-01',
      'DiskDeviceMapping.1.OSSBucket': 'disks-hz', 'DiskDeviceMapping.1.OSSObject': 'wave/web.qcow2',
    }, { method: 'POST' })),
    wrongSecret: await code(ecs('wrong').request('DescribeRegions', {}, { method: 'POST' })),
    ossV1: await ossCalls(false),
    ossV4: await ossCalls(true),
  };
  console.log(JSON.stringify(result));
})().catch(e => {
  console.error('interop failed:', e.code || '', e.message);
  process.exit(1);
});
