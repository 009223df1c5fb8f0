// The OmniPaxos cluster dashboard: renders the cluster view that the serving server pushes on
// /stream (Server-Sent Events), falling back to polling /dashboard.json while the stream is down.
(function () {
  'use strict';

  var updates = 0;
  var lastUpdate = 0;

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }

  function clock(ms) {
    if (!ms) { return '–'; }
    var d = new Date(ms);
    function two(n) { return (n < 10 ? '0' : '') + n; }
    return two(d.getHours()) + ':' + two(d.getMinutes()) + ':' + two(d.getSeconds());
  }

  function num(v, digits) {
    if (v === null || v === undefined || isNaN(v)) { return '–'; }
    return Number(v).toFixed(digits);
  }

  function upViews(cluster) {
    return cluster.servers.filter(function (s) { return s.status === 'up' && s.view; });
  }

  // The leader: an up server that leads and knows a quorum; of several, the one of the largest ballot.
  function clusterLeader(cluster) {
    var best = null;
    upViews(cluster).forEach(function (s) {
      var v = s.view;
      if (v.role !== 'leader' || !v.quorum || !v.ballot) { return; }
      if (best === null || v.ballot.n > best.ballot.n
          || (v.ballot.n === best.ballot.n && v.ballot.priority > best.ballot.priority)
          || (v.ballot.n === best.ballot.n && v.ballot.priority === best.ballot.priority
              && v.ballot.pid > best.ballot.pid)) {
        best = v;
      }
    });
    return best;
  }

  function renderSummary(cluster) {
    document.getElementById('served-by').textContent = cluster.servedBy;
    var leader = clusterLeader(cluster);
    var l = document.getElementById('leader');
    l.textContent = leader ? 'server ' + leader.pid : 'none';
    l.setAttribute('data-leader', leader ? leader.pid : 0);
    document.getElementById('leader-detail').textContent = leader
      ? 'since ' + clock(leader.leaderSince) + ', ballot n=' + leader.ballot.n + ' priority='
        + leader.ballot.priority + ' pid=' + leader.ballot.pid
      : 'no server leads with a quorum';
  }

  function renderServers(cluster) {
    var views = upViews(cluster);
    var maxDecided = 0;
    views.forEach(function (s) { maxDecided = Math.max(maxDecided, s.view.decidedIdx || 0); });
    var body = document.querySelector('#servers tbody');
    body.textContent = '';
    cluster.servers.forEach(function (s) {
      var v = s.status === 'up' ? s.view : null;
      var tr = el('tr', {'data-pid': s.pid, 'data-status': s.status,
        'data-role': v ? v.role : s.status, 'class': v ? (v.role === 'leader' ? 'leader' : '') : 'down'});
      function cell(cls, text) { tr.appendChild(el('td', {'class': cls}, text)); }
      cell('pid', s.pid + (s.self ? ' (this)' : ''));
      cell('status ' + s.status, s.status);
      if (!v) {
        cell('role', '–'); cell('ballot', '–'); cell('quorum', '–'); cell('accepted', '–');
        cell('decided', '–'); cell('lag', '–'); cell('applied', '–'); cell('hears', '–');
        cell('writes', '–'); cell('reads', '–'); cell('p99', '–');
        cell('note', (s.error || '') + (s.lastSeen ? ' (last seen ' + clock(s.lastSeen) + ')' : ''));
      } else {
        cell('role', v.role);
        cell('ballot', v.ballot ? v.ballot.n + ', ' + v.ballot.priority + ', ' + v.ballot.pid : '–');
        cell('quorum', v.quorum ? 'yes' : 'no');
        cell('accepted', v.acceptedIdx);
        cell('decided', v.decidedIdx);
        cell('lag', v.decidedIdx === undefined ? '–' : maxDecided - v.decidedIdx);
        cell('applied', v.appliedIdx);
        cell('hears', (v.hears || []).join(', '));
        cell('writes', num(v.rates.writes, 1));
        cell('reads', num(v.rates.reads, 1));
        cell('p99', num(v.rates.p99ms, 2));
        cell('note', v.up ? '' : v.reason);
      }
      body.appendChild(tr);
    });
  }

  function renderMatrix(cluster) {
    var pids = cluster.servers.map(function (s) { return s.pid; });
    var table = document.getElementById('matrix');
    table.textContent = '';
    var head = el('tr');
    head.appendChild(el('th', {}, 'hears →'));
    pids.forEach(function (p) { head.appendChild(el('th', {}, p)); });
    table.appendChild(head);
    cluster.servers.forEach(function (s) {
      var tr = el('tr');
      tr.appendChild(el('th', {}, s.pid));
      pids.forEach(function (to) {
        var state;
        if (to === s.pid) {
          state = 'self';
        } else if (s.status !== 'up' || !s.view || !s.view.heartbeatRounds) {
          state = 'unknown';
        } else {
          state = (s.view.hears || []).indexOf(to) >= 0 ? 'hears' : 'silent';
        }
        var mark = {self: '', unknown: '?', hears: '✓', silent: '✗'}[state];
        tr.appendChild(el('td', {'class': state, 'data-from': s.pid, 'data-to': to,
          title: s.pid + (state === 'hears' ? ' hears ' : state === 'silent' ? ' does not hear '
            : ' – ') + to}, mark));
      });
      table.appendChild(tr);
    });
  }

  function renderConfiguration(cluster) {
    var views = upViews(cluster);
    var newest = null;
    views.forEach(function (s) {
      if (newest === null || s.view.configuration > newest.configuration) { newest = s.view; }
    });
    var c = document.getElementById('configuration');
    var h = document.getElementById('history');
    h.textContent = '';
    if (!newest) {
      c.textContent = 'no server answered';
      return;
    }
    c.textContent = 'configuration ' + newest.configuration + ': members ' + newest.members.join(', ');
    (newest.history || []).forEach(function (r) {
      h.appendChild(el('li', {}, 'configuration ' + r.id + ': members ' + r.members.join(', ')
        + ' from log position ' + r.start + (r.addresses ? ' (' + r.addresses + ')' : '')));
    });
  }

  function renderEvents(cluster) {
    var all = [];
    upViews(cluster).forEach(function (s) {
      (s.view.events || []).forEach(function (e) { all.push({pid: s.pid, at: e.at, kind: e.kind, text: e.text}); });
    });
    all.sort(function (a, b) { return b.at - a.at; });
    var ul = document.getElementById('events');
    ul.textContent = '';
    all.slice(0, 80).forEach(function (e) {
      var li = el('li', {'data-kind': e.kind, 'data-pid': e.pid});
      li.appendChild(el('span', {'class': 'time'}, clock(e.at)));
      li.appendChild(el('span', {'class': 'kind'}, e.kind));
      li.appendChild(document.createTextNode('server ' + e.pid + ': ' + e.text));
      ul.appendChild(li);
    });
  }

  // One point per second for the whole cluster: writes and reads summed, p99 the largest.
  function clusterSeries(cluster) {
    var bySecond = {};
    upViews(cluster).forEach(function (s) {
      var sr = s.view.series;
      if (!sr) { return; }
      for (var i = 0; i < sr.t.length; i++) {
        var k = Math.round(sr.t[i] / 1000);
        var p = bySecond[k] || (bySecond[k] = {t: k, w: 0, r: 0, p: null});
        p.w += sr.writes[i] || 0;
        p.r += sr.reads[i] || 0;
        if (sr.p99ms[i] !== null && (p.p === null || sr.p99ms[i] > p.p)) { p.p = sr.p99ms[i]; }
      }
    });
    return Object.keys(bySecond).map(function (k) { return bySecond[k]; })
      .sort(function (a, b) { return a.t - b.t; });
  }

  function renderChart(cluster) {
    var canvas = document.getElementById('chart');
    var g = canvas.getContext('2d');
    var w = canvas.width, h = canvas.height, left = 50, right = 50, top = 10, bottom = 20;
    g.clearRect(0, 0, w, h);
    var pts = clusterSeries(cluster);
    canvas.setAttribute('data-points', pts.length);
    canvas.setAttribute('data-busy-points', pts.filter(function (p) { return p.w > 0; }).length);
    var maxRate = 1, maxP = 1;
    pts.forEach(function (p) {
      maxRate = Math.max(maxRate, p.w, p.r);
      if (p.p !== null) { maxP = Math.max(maxP, p.p); }
    });
    var now = Date.now() / 1000, span = 300;
    function x(t) { return left + (w - left - right) * (1 - (now - t) / span); }
    function y(v, max) { return h - bottom - (h - top - bottom) * v / max; }
    g.strokeStyle = '#dde1e8';
    g.fillStyle = '#6b7385';
    g.font = '11px sans-serif';
    for (var i = 0; i <= 4; i++) {
      var yy = top + (h - top - bottom) * i / 4;
      g.beginPath(); g.moveTo(left, yy); g.lineTo(w - right, yy); g.stroke();
      g.fillText(num(maxRate * (4 - i) / 4, 0), 4, yy + 4);
      g.fillText(num(maxP * (4 - i) / 4, 1), w - right + 4, yy + 4);
    }
    for (var m = 0; m <= 5; m++) {
      g.fillText(m === 5 ? 'now' : '-' + (5 - m) + ' min', left + (w - left - right) * m / 5 - 14, h - 4);
    }
    function line(color, value, max, width, dash) {
      g.strokeStyle = color;
      g.lineWidth = width;
      g.setLineDash(dash);
      g.beginPath();
      var started = false;
      pts.forEach(function (p) {
        var v = value(p);
        if (v === null || p.t < now - span) { started = false; return; }
        if (started) { g.lineTo(x(p.t), y(v, max)); } else { g.moveTo(x(p.t), y(v, max)); started = true; }
      });
      g.stroke();
    }
    line('#1f5fbf', function (p) { return p.w; }, maxRate, 3, []);
    line('#1e8449', function (p) { return p.r; }, maxRate, 1.5, [5, 3]);
    line('#d35400', function (p) { return p.p; }, maxP, 1.5, []);
    g.setLineDash([]);
  }

  function render(cluster) {
    updates++;
    lastUpdate = Date.now();
    var c = document.getElementById('connection');
    c.textContent = 'live, updated ' + clock(cluster.at);
    c.className = 'live';
    document.body.setAttribute('data-updates', updates);
    renderSummary(cluster);
    renderServers(cluster);
    renderMatrix(cluster);
    renderConfiguration(cluster);
    renderEvents(cluster);
    renderChart(cluster);
  }

  function poll() {
    if (Date.now() - lastUpdate < 1500) { return; }
    var c = document.getElementById('connection');
    c.textContent = 'stream interrupted, polling…';
    c.className = 'stale';
    fetch('dashboard.json', {cache: 'no-store'})
      .then(function (r) { return r.json(); })
      .then(render)
      .catch(function () { c.textContent = 'the serving server does not answer'; });
  }

  var source = new EventSource('stream');
  source.onmessage = function (e) { render(JSON.parse(e.data)); };
  setInterval(poll, 1000);
}());
