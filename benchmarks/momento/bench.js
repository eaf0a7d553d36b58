'use strict';
// Momento's Node.js SDK and Momento's HTTP API against a Cirrus server: point latency of get and
// set (one call at a time) and get throughput with 16 calls in flight, for 100-byte values over
// 10,000 keys. Prints a Markdown table. Usage (run.sh does this):
//   node bench.js GRPC_ADDRESS HTTP_BASE_URL TOKEN SECONDS
const {CacheClient, Configurations, CredentialProvider, CacheGet, CacheSet} = require('@gomomento/sdk');

const [address, httpBase, token, secondsArg] = process.argv.slice(2);
const seconds = Number(secondsArg || 5);
const KEYS = 10_000;
const VALUE = 'x'.repeat(100);
const key = () => `k${Math.floor(Math.random() * KEYS)}`;

async function sequential(call) {
  const latencies = [];
  const end = Date.now() + seconds * 1000;
  while (Date.now() < end) {
    const start = process.hrtime.bigint();
    await call();
    latencies.push(Number(process.hrtime.bigint() - start) / 1000);
  }
  latencies.sort((a, b) => a - b);
  const at = p => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))];
  return {ops: latencies.length / seconds, p50: at(0.5), p99: at(0.99)};
}

async function inFlight(call, width) {
  let done = 0;
  const end = Date.now() + seconds * 1000;
  const worker = async () => {
    while (Date.now() < end) {
      await call();
      done++;
    }
  };
  await Promise.all(Array.from({length: width}, worker));
  return {ops: done / seconds};
}

function ensure(ok, what) {
  if (!ok) {
    throw new Error(`unexpected answer: ${what}`);
  }
}

async function main() {
  const momento = new CacheClient({
    configuration: Configurations.InRegion.Default.latest(),
    credentialProvider: CredentialProvider.fromString({apiKey: token, endpointOverrides: {
      cacheEndpoint: address, controlEndpoint: address, tokenEndpoint: address,
      secureConnection: false}}),
    defaultTtlSeconds: 3600,
  });
  const cache = 'bench';
  await momento.createCache(cache);
  for (let i = 0; i < KEYS; i += 100) {
    const items = {};
    for (let j = i; j < i + 100; j++) {
      items[`k${j}`] = VALUE;
    }
    await momento.setBatch(cache, items);
  }
  const sdkGet = async () => ensure(await momento.get(cache, key()) instanceof CacheGet.Hit, 'sdk get');
  const sdkSet = async () => ensure(await momento.set(cache, key(), VALUE) instanceof CacheSet.Success, 'sdk set');
  const url = k => `${httpBase}/cache/${cache}?key=${k}`;
  const headers = {Authorization: token};
  const httpGet = async () => {
    const response = await fetch(url(key()), {headers});
    ensure(response.status === 200, `http get ${response.status}`);
    await response.arrayBuffer();
  };
  const httpPut = async () => {
    const response = await fetch(`${url(key())}&ttl_seconds=3600`, {method: 'PUT', headers, body: VALUE});
    ensure(response.status === 204, `http put ${response.status}`);
    await response.arrayBuffer();
  };
  // Unmeasured warm-up of each path (JIT on both sides, connections).
  for (const call of [sdkGet, sdkSet, httpGet, httpPut]) {
    for (let i = 0; i < 2000; i++) {
      await call();
    }
  }
  const rows = [];
  const us = v => v.toFixed(0);
  for (const [name, call] of [['Momento protocol (Node.js SDK) get', sdkGet],
    ['Momento protocol (Node.js SDK) set', sdkSet], ['Momento HTTP API GET (Node.js fetch)', httpGet],
    ['Momento HTTP API PUT (Node.js fetch)', httpPut]]) {
    const r = await sequential(call);
    rows.push(`| ${name} | ${us(r.p50)} | ${us(r.p99)} | ${r.ops.toFixed(0)} |`);
  }
  const sdk16 = await inFlight(sdkGet, 16);
  const http16 = await inFlight(httpGet, 16);
  momento.close();
  console.log('| workload (100-byte values, 10,000 keys) | p50 µs | p99 µs | ops/s, one call at a time |');
  console.log('| --- | --- | --- | --- |');
  rows.forEach(row => console.log(row));
  console.log('');
  console.log('| get throughput, 16 calls in flight (one client) | ops/s |');
  console.log('| --- | --- |');
  console.log(`| Momento protocol (Node.js SDK) | ${sdk16.ops.toFixed(0)} |`);
  console.log(`| Momento HTTP API (Node.js fetch, keep-alive) | ${http16.ops.toFixed(0)} |`);
}

main().catch(e => {
  console.error(e);
  process.exitCode = 1;
});
