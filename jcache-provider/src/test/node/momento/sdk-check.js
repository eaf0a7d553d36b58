'use strict';
// Drives a Cirrus server with Momento's own Node.js SDK and checks what a Momento user sees.
// MomentoSdkTest runs it with the environment below and fails on a non-zero exit; each check
// prints "PASS <name>" or "FAIL <name>: <why>".
//
//   CIRRUS_ADDRESS        host:port of the gRPC port (plaintext, through endpoint overrides)
//   CIRRUS_TOKEN          a token of the test's account, every permission
//   CIRRUS_TOKEN_ONLY     "true": configure the SDK from the token alone (its endpoint claims,
//                         TLS) and run only the checks that prove that
//   CIRRUS_OTHER_TOKEN    a token of another account
//   CIRRUS_READ_TOKEN     a read-only token of the test's account
//   CIRRUS_MAX_VALUE      the server's value size limit, in bytes
//   CIRRUS_STRING_CACHE   a cache where a JCache Cache<String,String> put from-jcache
//   CIRRUS_BYTES_CACHE    a cache where a JCache Cache<byte[],byte[]> put [1,2,3] -> [4,5,6]
//   CIRRUS_SDK_CACHE      a cache for this script to create, for JCache to open afterwards
const assert = require('node:assert/strict');
const {
  CacheClient, Configurations, CredentialProvider, MomentoErrorCode,
  CacheGet, CacheSet, CacheDelete, CreateCache, DeleteCache, ListCaches, CacheFlush,
  CacheSetBatch, CacheSetIfAbsent, CacheSetIfPresent, CacheSetIfEqual, CacheSetIfNotEqual,
  CacheSetIfPresentAndNotEqual, CacheSetIfAbsentOrEqual, CacheSetIfNotExists, CacheIncrement,
  CacheKeysExist, CacheKeyExists, CacheItemGetTtl, CacheItemGetType, CacheUpdateTtl,
  CacheIncreaseTtl, CacheDecreaseTtl, CacheGetWithHash, CacheSetWithHash,
  CacheSetIfPresentAndHashEqual, CacheSetIfPresentAndHashNotEqual, CacheSetIfAbsentOrHashEqual,
  CacheSetIfAbsentOrHashNotEqual, ItemType,
} = require('@gomomento/sdk');

function env(name) {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set`);
  }
  return value;
}

function client(token) {
  const credentialProvider = process.env.CIRRUS_TOKEN_ONLY === 'true'
    ? CredentialProvider.fromString(token)
    : CredentialProvider.fromString({
      apiKey: token,
      endpointOverrides: {
        cacheEndpoint: env('CIRRUS_ADDRESS'),
        controlEndpoint: env('CIRRUS_ADDRESS'),
        tokenEndpoint: env('CIRRUS_ADDRESS'),
        secureConnection: false,
      },
    });
  return new CacheClient({
    configuration: Configurations.Laptop.v1(),
    credentialProvider,
    defaultTtlSeconds: 60,
  });
}

let failures = 0;
async function check(name, body) {
  try {
    await body();
    console.log(`PASS ${name}`);
  } catch (e) {
    failures++;
    console.log(`FAIL ${name}: ${e && e.stack ? e.stack : e}`);
  }
}

function is(response, type) {
  assert.ok(response instanceof type, `expected ${type.name}, got ${response}`);
}

function refused(response, code, text) {
  assert.equal(typeof response.errorCode, 'function', `expected an error, got ${response}`);
  assert.equal(response.errorCode(), code, `${response}`);
  if (text) {
    assert.ok(response.message().includes(text), response.message());
  }
}

const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));
const bytes = (...values) => Uint8Array.from(values);

async function tokenOnly() {
  const momento = client(env('CIRRUS_TOKEN'));
  const cache = `token-only-${process.pid}`;
  await check('tokenOnly_createSetGet_overTls', async () => {
    is(await momento.createCache(cache), CreateCache.Success);
    is(await momento.set(cache, 'k', 'over TLS'), CacheSet.Success);
    const hit = await momento.get(cache, 'k');
    is(hit, CacheGet.Hit);
    assert.equal(hit.valueString(), 'over TLS');
  });
  momento.close();
}

async function everything() {
  const momento = client(env('CIRRUS_TOKEN'));
  const cache = `sdk-${process.pid}`;

  await check('createCache_thenAgain_isAlreadyExists_andListed', async () => {
    is(await momento.createCache(cache), CreateCache.Success);
    is(await momento.createCache(cache), CreateCache.AlreadyExists);
    const list = await momento.listCaches();
    is(list, ListCaches.Success);
    assert.ok(list.getCaches().some(c => c.getName() === cache), `${list}`);
  });

  await check('setGet_stringsAndBytes_andMiss', async () => {
    is(await momento.set(cache, 'greeting', 'hello'), CacheSet.Success);
    is(await momento.set(cache, bytes(1, 2), bytes(0, 255)), CacheSet.Success);
    assert.equal((await momento.get(cache, 'greeting')).valueString(), 'hello');
    assert.deepEqual((await momento.get(cache, bytes(1, 2))).valueUint8Array(), bytes(0, 255));
    is(await momento.get(cache, 'absent'), CacheGet.Miss);
  });

  await check('ttl_expiresTheEntry_itemGetTtl', async () => {
    is(await momento.set(cache, 'short', 'lived', {ttl: 1}), CacheSet.Success);
    const ttl = await momento.itemGetTtl(cache, 'short');
    is(ttl, CacheItemGetTtl.Hit);
    assert.ok(ttl.remainingTtlMillis() > 0 && ttl.remainingTtlMillis() <= 1000, `${ttl}`);
    await sleep(1500);
    is(await momento.get(cache, 'short'), CacheGet.Miss);
    is(await momento.itemGetTtl(cache, 'short'), CacheItemGetTtl.Miss);
  });

  await check('setBatch_getBatch', async () => {
    is(await momento.setBatch(cache, {a: '1', b: '2'}), CacheSetBatch.Success);
    const batch = await momento.getBatch(cache, ['a', 'missing', 'b']);
    const results = batch.results();
    assert.equal(results.length, 3, `${batch}`);
    is(results[0], CacheGet.Hit);
    is(results[1], CacheGet.Miss);
    assert.equal(results[2].valueString(), '2');
  });

  await check('conditionalSets', async () => {
    is(await momento.setIfAbsent(cache, 'c', 'first'), CacheSetIfAbsent.Stored);
    is(await momento.setIfAbsent(cache, 'c', 'second'), CacheSetIfAbsent.NotStored);
    is(await momento.setIfPresent(cache, 'c', 'p'), CacheSetIfPresent.Stored);
    is(await momento.setIfPresent(cache, 'none', 'p'), CacheSetIfPresent.NotStored);
    is(await momento.setIfEqual(cache, 'c', 'e', 'p'), CacheSetIfEqual.Stored);
    is(await momento.setIfEqual(cache, 'c', 'x', 'p'), CacheSetIfEqual.NotStored);
    is(await momento.setIfNotEqual(cache, 'c', 'n', 'zzz'), CacheSetIfNotEqual.Stored);
    is(await momento.setIfNotEqual(cache, 'c', 'x', 'n'), CacheSetIfNotEqual.NotStored);
    is(await momento.setIfPresentAndNotEqual(cache, 'c', 'pn', 'zzz'),
      CacheSetIfPresentAndNotEqual.Stored);
    is(await momento.setIfPresentAndNotEqual(cache, 'none', 'pn', 'zzz'),
      CacheSetIfPresentAndNotEqual.NotStored);
    is(await momento.setIfAbsentOrEqual(cache, 'c', 'ae', 'pn'), CacheSetIfAbsentOrEqual.Stored);
    is(await momento.setIfAbsentOrEqual(cache, 'c', 'x', 'pn'), CacheSetIfAbsentOrEqual.NotStored);
    is(await momento.setIfNotExists(cache, 'c', 'x'), CacheSetIfNotExists.NotStored);
    is(await momento.setIfNotExists(cache, 'fresh', 'x'), CacheSetIfNotExists.Stored);
    assert.equal((await momento.get(cache, 'c')).valueString(), 'ae');
  });

  await check('hashes_getWithHash_setWithHash_hashConditions', async () => {
    const set = await momento.setWithHash(cache, 'h', 'v1');
    is(set, CacheSetWithHash.Stored);
    const read = await momento.getWithHash(cache, 'h');
    is(read, CacheGetWithHash.Hit);
    assert.deepEqual(read.hashUint8Array(), set.hashUint8Array());
    const hash = read.hashUint8Array();
    is(await momento.setIfPresentAndHashEqual(cache, 'h', 'v2', hash),
      CacheSetIfPresentAndHashEqual.Stored);
    is(await momento.setIfPresentAndHashEqual(cache, 'h', 'v3', hash),
      CacheSetIfPresentAndHashEqual.NotStored);
    is(await momento.setIfPresentAndHashNotEqual(cache, 'h', 'v3', hash),
      CacheSetIfPresentAndHashNotEqual.Stored);
    is(await momento.setIfAbsentOrHashEqual(cache, 'h2', 'w', hash),
      CacheSetIfAbsentOrHashEqual.Stored);
    is(await momento.setIfAbsentOrHashNotEqual(cache, 'h2', 'w2', hash),
      CacheSetIfAbsentOrHashNotEqual.Stored);
    is(await momento.getWithHash(cache, 'none'), CacheGetWithHash.Miss);
    assert.equal((await momento.get(cache, 'h')).valueString(), 'v3');
  });

  await check('increment', async () => {
    assert.equal((await momento.increment(cache, 'counter', 5)).value(), 5);
    const inc = await momento.increment(cache, 'counter', 2);
    is(inc, CacheIncrement.Success);
    assert.equal(inc.value(), 7);
    assert.equal((await momento.get(cache, 'counter')).valueString(), '7');
    refused(await momento.increment(cache, 'greeting', 1), MomentoErrorCode.INVALID_ARGUMENT_ERROR,
      'not a base-10 integer');
  });

  await check('keysExist_itemGetType_ttlUpdates_delete', async () => {
    const exist = await momento.keysExist(cache, ['greeting', 'absent']);
    is(exist, CacheKeysExist.Success);
    assert.deepEqual(exist.exists(), [true, false]);
    assert.equal((await momento.keyExists(cache, 'greeting')).exists(), true);
    const type = await momento.itemGetType(cache, 'greeting');
    is(type, CacheItemGetType.Hit);
    assert.equal(type.itemType(), ItemType.SCALAR);
    is(await momento.itemGetType(cache, 'absent'), CacheItemGetType.Miss);
    is(await momento.updateTtl(cache, 'greeting', 30_000), CacheUpdateTtl.Set);
    is(await momento.updateTtl(cache, 'absent', 30_000), CacheUpdateTtl.Miss);
    is(await momento.increaseTtl(cache, 'greeting', 10_000), CacheIncreaseTtl.NotSet);
    is(await momento.increaseTtl(cache, 'greeting', 90_000), CacheIncreaseTtl.Set);
    is(await momento.decreaseTtl(cache, 'greeting', 120_000), CacheDecreaseTtl.NotSet);
    is(await momento.decreaseTtl(cache, 'greeting', 20_000), CacheDecreaseTtl.Set);
    const left = (await momento.itemGetTtl(cache, 'greeting')).remainingTtlMillis();
    assert.ok(left <= 20_000 && left > 10_000, `left ${left}`);
    is(await momento.delete(cache, 'greeting'), CacheDelete.Success);
    is(await momento.get(cache, 'greeting'), CacheGet.Miss);
  });

  await check('jcacheStringCache_isReadAndWritten', async () => {
    const shared = env('CIRRUS_STRING_CACHE');
    assert.equal((await momento.get(shared, 'from-jcache')).valueString(), 'written by JCache');
    is(await momento.set(shared, 'from-node', 'written by Node'), CacheSet.Success);
  });

  await check('jcacheBytesCache_isReadAndWritten', async () => {
    const shared = env('CIRRUS_BYTES_CACHE');
    assert.deepEqual((await momento.get(shared, bytes(1, 2, 3))).valueUint8Array(), bytes(4, 5, 6));
    is(await momento.set(shared, bytes(7), bytes(8, 9)), CacheSet.Success);
  });

  await check('sdkCreatedCache_forJCache', async () => {
    const made = env('CIRRUS_SDK_CACHE');
    is(await momento.createCache(made), CreateCache.Success);
    is(await momento.set(made, 'made-by', 'the Momento SDK'), CacheSet.Success);
  });

  await check('errors_areMomentosTypedErrors', async () => {
    refused(await momento.get('no-such-cache', 'k'), MomentoErrorCode.NOT_FOUND_ERROR,
      'does not exist');
    const forged = env('CIRRUS_TOKEN').slice(0, -4) + 'AAAA';
    const forger = client(forged);
    refused(await forger.get(cache, 'k'), MomentoErrorCode.AUTHENTICATION_ERROR);
    forger.close();
    const stranger = client(env('CIRRUS_OTHER_TOKEN'));
    refused(await stranger.get(cache, 'k'), MomentoErrorCode.NOT_FOUND_ERROR);
    stranger.close();
    const reader = client(env('CIRRUS_READ_TOKEN'));
    refused(await reader.set(cache, 'k', 'v'), MomentoErrorCode.PERMISSION_ERROR);
    is(await reader.get(cache, 'absent'), CacheGet.Miss);
    reader.close();
    const tooBig = 'x'.repeat(Number(env('CIRRUS_MAX_VALUE')) + 1);
    refused(await momento.set(cache, 'big', tooBig), MomentoErrorCode.LIMIT_EXCEEDED_ERROR);
    refused(await momento.dictionarySetField(cache, 'dict', 'f', 'v'),
      MomentoErrorCode.BAD_REQUEST_ERROR, 'Cirrus does not serve');
  });

  await check('flushCache_thenDeleteCache', async () => {
    is(await momento.flushCache(cache), CacheFlush.Success);
    is(await momento.get(cache, 'c'), CacheGet.Miss);
    is(await momento.deleteCache(cache), DeleteCache.Success);
    refused(await momento.deleteCache(cache), MomentoErrorCode.NOT_FOUND_ERROR);
  });
  momento.close();
}

(process.env.CIRRUS_TOKEN_ONLY === 'true' ? tokenOnly() : everything())
  .catch(e => {
    failures++;
    console.log(`FAIL setup: ${e && e.stack ? e.stack : e}`);
  })
  .finally(() => {
    process.exitCode = failures === 0 ? 0 : 1;
  });
