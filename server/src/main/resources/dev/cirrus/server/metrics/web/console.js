// The Cirrus console: reads /console/api/stats with the operator token kept in this tab's session
// storage and draws the figures as SVG line charts by hand (no library, nothing fetched from
// elsewhere). Names from the server are set as text, never as markup.
(function () {
  'use strict';
  var TOKEN_KEY = 'cirrus.operatorToken';
  var SVG = 'http://www.w3.org/2000/svg';
  var W = 360, H = 140, PAD_L = 40, PAD_B = 16, PAD_T = 8;
  var timer = null;

  function $(id) { return document.getElementById(id); }

  function token() { return sessionStorage.getItem(TOKEN_KEY) || ''; }

  function showLogin(reason) {
    $('board').hidden = true;
    $('login').hidden = false;
    $('login-reason').textContent = reason || '';
    $('status').textContent = 'needs an operator token';
  }

  $('login').addEventListener('submit', function (e) {
    e.preventDefault();
    sessionStorage.setItem(TOKEN_KEY, $('token').value.trim());
    $('token').value = '';
    refresh();
  });

  function refresh() {
    var headers = {};
    if (token()) { headers.Authorization = 'Bearer ' + token(); }
    fetch('/console/api/stats', { headers: headers, cache: 'no-store' })
      .then(function (r) {
        return r.json().then(function (body) { return { status: r.status, body: body }; });
      })
      .then(function (res) {
        if (res.status === 401 || res.status === 403) {
          if (res.status === 401) { sessionStorage.removeItem(TOKEN_KEY); }
          showLogin(res.body.message);
          return;
        }
        if (res.status !== 200) {
          $('status').textContent = 'error ' + res.status + ': ' + (res.body.message || '');
          return;
        }
        $('login').hidden = true;
        $('board').hidden = false;
        render(res.body);
        $('status').textContent = 'updated ' + new Date().toLocaleTimeString();
      })
      .catch(function (err) { $('status').textContent = 'cannot reach the server: ' + err; })
      .then(function () {
        clearTimeout(timer);
        timer = setTimeout(refresh, 2000);
      });
  }

  function num(v, digits) {
    if (v === null || v === undefined || isNaN(v)) { return '–'; }
    return Number(v).toLocaleString(undefined, { maximumFractionDigits: digits === undefined ? 1 : digits });
  }

  // Three significant digits: latencies run from microseconds to seconds.
  function sig(v) {
    if (v === null || v === undefined || isNaN(v)) { return '–'; }
    return Number(v) >= 1000 ? num(v, 0) : String(Number(Number(v).toPrecision(3)));
  }

  // A latency given in milliseconds, shown in µs below one millisecond.
  function duration(ms) {
    if (ms === null || ms === undefined || isNaN(ms)) { return '–'; }
    return ms < 1 ? sig(ms * 1000) + ' µs' : sig(ms) + ' ms';
  }

  // Milliseconds (null when there were no calls) to microseconds, keeping the gap.
  function micros(ms) { return ms === null ? null : ms * 1000; }

  function bytes(v) {
    var units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
    var i = 0;
    while (v >= 1024 && i < units.length - 1) { v /= 1024; i++; }
    return num(v, i === 0 ? 0 : 1) + ' ' + units[i];
  }

  function pct(v) { return v === null || isNaN(v) ? '–' : num(v * 100, 1) + ' %'; }

  function sum(obj) {
    var total = 0;
    Object.keys(obj || {}).forEach(function (k) { total += obj[k]; });
    return total;
  }

  function render(stats) {
    $('version').textContent = 'server ' + stats.version;
    var h = stats.history;
    var last = h.length ? h[h.length - 1] : null;
    if (last) {
      $('tile-rps').textContent = num(last.requestsPerSecond, 0);
      $('tile-hits').textContent = pct(last.hitRatio);
      $('tile-latency').textContent = duration(last.p50Millis) + ' / ' + duration(last.p99Millis);
      $('tile-connections').textContent = num(sum(last.connections), 0);
      $('tile-heap').textContent = bytes(last.heapUsedBytes);
      $('tile-evictions').textContent = num(last.evictionsPerSecond, 1);
    }
    var times = h.map(function (s) { return s.t; });
    chart('chart-rps', times, [{ name: 'requests/s', values: h.map(function (s) { return s.requestsPerSecond; }) }]);
    chart('chart-hits', times, [{ name: 'hit ratio', values: h.map(function (s) { return s.hitRatio; }) }], 1);
    chart('chart-latency', times, [
      { name: 'p50', values: h.map(function (s) { return micros(s.p50Millis); }) },
      { name: 'p99', values: h.map(function (s) { return micros(s.p99Millis); }) }]);
    var transports = {};
    h.forEach(function (s) { Object.keys(s.connections).forEach(function (k) { transports[k] = true; }); });
    chart('chart-connections', times, Object.keys(transports).sort().map(function (k) {
      return { name: k, values: h.map(function (s) { return s.connections[k]; }) };
    }));
    chart('chart-heap', times, [{ name: 'heap used', values: h.map(function (s) { return s.heapUsedBytes / 1048576; }) }]);
    chart('chart-evictions', times, [{ name: 'evictions/s', values: h.map(function (s) { return s.evictionsPerSecond; }) }]);
    table('caches', stats.caches.map(function (c) {
      return [c.account, c.cache, num(c.entries, 0), bytes(c.bytes), pct(c.hitRatio),
        num(c.requests, 0), num(c.evictions, 0), num(c.expirations, 0), num(c.subscribers, 0)];
    }));
    table('refusals', (stats.refusals || []).map(function (r) {
      return [r.door, r.status, r.reason, num(r.count, 0)];
    }));
    $('labels').textContent = '(' + stats.labels.pairs + ' of ' + stats.labels.maxPairs
      + ' label pairs in use, at most ' + stats.labels.maxPerAccount
      + ' per account; the rest are counted under "other" in /metrics)';
  }

  function el(name, attrs) {
    var e = document.createElementNS(SVG, name);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    return e;
  }

  // One chart: a line per series over the samples' times; the y axis from 0 to the largest value
  // (or fixedMax), labelled at its top; gaps where a value is missing.
  function chart(id, times, series, fixedMax) {
    var fig = $(id);
    var old = fig.querySelector('svg');
    if (old) { fig.removeChild(old); }
    var oldLegend = fig.querySelector('.legend');
    if (oldLegend) { fig.removeChild(oldLegend); }
    var svg = el('svg', { viewBox: '0 0 ' + W + ' ' + H, preserveAspectRatio: 'none', role: 'img' });
    var max = fixedMax || 0;
    var latest = 0;
    series.forEach(function (s) {
      s.values.forEach(function (v) { if (v !== null && !isNaN(v) && v > max) { max = v; } });
      var lastValue = s.values.length ? s.values[s.values.length - 1] : 0;
      if (lastValue !== null && !isNaN(lastValue)) { latest = Math.max(latest, lastValue); }
    });
    if (max <= 0) { max = 1; }
    var t0 = times.length ? times[0] : 0;
    var span = times.length > 1 ? times[times.length - 1] - t0 : 1;
    var plotW = W - PAD_L - 4, plotH = H - PAD_B - PAD_T;
    svg.appendChild(el('line', { 'class': 'axis', x1: PAD_L, y1: PAD_T, x2: PAD_L, y2: PAD_T + plotH }));
    svg.appendChild(el('line', { 'class': 'axis', x1: PAD_L, y1: PAD_T + plotH, x2: W - 4, y2: PAD_T + plotH }));
    var top = el('text', { x: PAD_L - 4, y: PAD_T + 8, 'text-anchor': 'end' });
    top.textContent = num(max, max < 10 ? 2 : 0);
    svg.appendChild(top);
    var zero = el('text', { x: PAD_L - 4, y: PAD_T + plotH, 'text-anchor': 'end' });
    zero.textContent = '0';
    svg.appendChild(zero);
    var minutes = el('text', { x: W - 4, y: H - 3, 'text-anchor': 'end' });
    minutes.textContent = times.length > 1 ? 'last ' + num(span / 60000, 1) + ' min' : 'waiting for samples';
    svg.appendChild(minutes);
    var points = 0;
    series.forEach(function (s, i) {
      var d = '';
      var pen = 'M';
      s.values.forEach(function (v, j) {
        if (v === null || v === undefined || isNaN(v)) { pen = 'M'; return; }
        var x = PAD_L + (times.length > 1 ? (times[j] - t0) / span : 1) * plotW;
        var y = PAD_T + plotH - (v / max) * plotH;
        d += pen + x.toFixed(1) + ' ' + y.toFixed(1) + ' ';
        pen = 'L';
        points++;
      });
      svg.appendChild(el('path', { 'class': 's' + i, d: d.trim() }));
    });
    fig.setAttribute('data-points', String(points));
    fig.setAttribute('data-max', String(max));
    fig.setAttribute('data-latest', String(latest));
    fig.appendChild(svg);
    var legend = document.createElement('div');
    legend.className = 'legend';
    series.forEach(function (s, i) {
      var item = document.createElement('span');
      item.className = 'k' + i;
      var v = s.values.length ? s.values[s.values.length - 1] : null;
      item.textContent = '● ' + s.name + ' ' + sig(v) + '  ';
      legend.appendChild(item);
    });
    fig.appendChild(legend);
  }

  function table(id, rows) {
    var body = $(id).querySelector('tbody');
    while (body.firstChild) { body.removeChild(body.firstChild); }
    rows.forEach(function (cells) {
      var row = document.createElement('tr');
      cells.forEach(function (v) {
        var cell = document.createElement('td');
        cell.textContent = v;
        row.appendChild(cell);
      });
      body.appendChild(row);
    });
  }

  refresh();
}());
