(function () {
  'use strict';
  // The approver token lives in this tab only and travels in the
  // Authorization header of this page's own requests, never in a cookie.
  var KEY = 'aisecops-approver-token';
  var token = sessionStorage.getItem(KEY) || '';
  function el(id) { return document.getElementById(id); }
  function say(msg, bad) {
    var s = el('status');
    s.textContent = msg;
    s.className = bad ? 'bad' : 'ok';
  }
  function call(method, path) {
    return fetch(path, {
      method: method, credentials: 'omit', cache: 'no-store', redirect: 'error',
      headers: { 'Authorization': 'Bearer ' + token }
    }).then(function (r) {
      if (r.status === 401) {
        token = '';
        sessionStorage.removeItem(KEY);
        el('data').textContent = '';
        el('login').hidden = false;
        el('login-msg').textContent = 'The approver token was refused.';
        throw new Error('unauthorized');
      }
      return r.text().then(function (body) {
        if (!r.ok) {
          var msg = body;
          try { msg = JSON.parse(body).error; } catch (e) { /* not JSON: show it as it is */ }
          throw new Error(method + ' ' + path + ': ' + r.status + ' ' + msg);
        }
        return body;
      });
    });
  }
  function fail(err) { if (err.message !== 'unauthorized') { say(err.message, true); } }
  // query is the filter form as a query string ('' before the first load:
  // then the page's own query string, so a filtered URL can be shared).
  function query() {
    var f = el('filters');
    if (!f) { return location.search.replace(/^\?/, ''); }
    var q = new URLSearchParams();
    new FormData(f).forEach(function (v, k) { if (v !== '') { q.set(k, v); } });
    return q.toString();
  }
  function load(q) {
    if (q === undefined) { q = query(); }
    return call('GET', '/dashboard/data' + (q ? '?' + q : '')).then(function (html) {
      el('data').innerHTML = html;
      history.replaceState(null, '', q ? '?' + q : location.pathname);
      el('summary').textContent = 'Pending approvals: ' + document.querySelectorAll('#pending tr[data-approval]').length;
    }).catch(fail);
  }
  function openEvent(seq) {
    return call('GET', '/dashboard/events/' + encodeURIComponent(seq)).then(function (html) {
      var e = el('event');
      e.innerHTML = html;
      e.hidden = false;
      e.scrollIntoView();
    }).catch(fail);
  }
  function decide(id, verb) {
    return call('POST', '/v1/approvals/' + encodeURIComponent(id) + '/' + verb).then(function (body) {
      var a = JSON.parse(body);
      say('Approval ' + a.id + ' (' + a.tool + ') is now ' + a.state + '.');
      return load();
    }).catch(function (err) { fail(err); return load(); });
  }
  el('login').addEventListener('submit', function (ev) {
    ev.preventDefault();
    token = el('token').value.trim();
    el('token').value = '';
    sessionStorage.setItem(KEY, token);
    el('login').hidden = true;
    el('login-msg').textContent = '';
    load();
  });
  document.addEventListener('change', function (ev) {
    if (ev.target.closest('#filters')) { load(); }
  });
  document.addEventListener('click', function (ev) {
    var t = ev.target;
    if (t.closest('[data-seq]')) { openEvent(t.closest('[data-seq]').getAttribute('data-seq')); return; }
    var b = t.closest('button[data-decide]');
    if (b) {
      b.disabled = true;
      decide(b.getAttribute('data-id'), b.getAttribute('data-decide'));
      return;
    }
    if (t.id === 'close-event') { el('event').hidden = true; el('event').textContent = ''; return; }
    if (t.id === 'clear') { load(''); return; }
    if (t.id === 'refresh') { load(); }
  });
  if (token) { load(); } else { el('login').hidden = false; }
})();
