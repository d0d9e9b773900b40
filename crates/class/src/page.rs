//! The learner's page: HTML, a style sheet and a small script, built into the binary and served
//! as they are. The script writes every text with `textContent` (never as HTML), so nothing a
//! learner or the content types can run in anyone's browser.

pub const HTML: &str = r#"<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Rapport · Class answers</title>
<link rel="stylesheet" href="/page.css">
<script src="/page.js" defer></script>
</head>
<body>
<header><span class="brand">Rapport · Class answers</span><span id="who"></span></header>
<main>
<section id="join" hidden>
  <h1>Join the class</h1>
  <form id="join-form" autocomplete="off">
    <label for="code">Join code (on the projector)</label>
    <input id="code" name="code" inputmode="text" autocapitalize="characters" maxlength="12" required>
    <label for="name">Your name, as the tutor will see it</label>
    <input id="name" name="name" maxlength="40" required>
    <div id="team-row" hidden>
      <label for="team">Your team</label>
      <select id="team"></select>
    </div>
    <button id="join-btn" class="primary" type="submit">Join</button>
    <p id="join-error" class="error" role="alert"></p>
  </form>
</section>
<section id="drill" hidden>
  <div class="bar"><span id="progress"></span><span id="phase" data-phase=""></span><span id="timer"></span></div>
  <h1 id="title"></h1>
  <p id="situation"></p>
  <p id="prompt" class="prompt"></p>
  <div id="area"></div>
  <p id="status" role="status"></p>
  <div id="result" hidden>
    <p id="verdict"></p>
    <ul id="lines"></ul>
    <h2>The answer</h2>
    <ul id="correction"></ul>
    <p id="explanation"></p>
  </div>
</section>
<p id="conn" class="error" role="alert"></p>
</main>
</body>
</html>
"#;

pub const CSS: &str = r#":root{color-scheme:light dark;--bg:#f7f7f5;--fg:#1d1d1f;--card:#fff;--line:#c9c9cf;--acc:#2457c5;--ok:#17803d;--bad:#b3261e;--pick:#dbe6ff}
@media (prefers-color-scheme:dark){:root{--bg:#17181b;--fg:#ececf0;--card:#23252a;--line:#4a4d55;--acc:#8fb0ff;--ok:#5fd08a;--bad:#ff8a80;--pick:#2c3d66}}
*{box-sizing:border-box}
body{margin:0;font:18px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:var(--bg);color:var(--fg)}
header{display:flex;justify-content:space-between;gap:8px;padding:10px 16px;border-bottom:1px solid var(--line);font-size:15px}
.brand{font-weight:600}
main{max-width:680px;margin:0 auto;padding:12px 16px 48px}
h1{font-size:22px;margin:12px 0 6px}
h2{font-size:17px;margin:14px 0 4px}
label{display:block;margin:14px 0 4px;font-weight:600}
input,select,textarea{width:100%;font:inherit;padding:12px;border:1px solid var(--line);border-radius:10px;background:var(--card);color:var(--fg)}
textarea{min-height:10em;resize:vertical}
button{font:inherit;color:var(--fg);background:var(--card);border:2px solid var(--line);border-radius:12px;padding:14px 16px;min-height:56px;width:100%;text-align:left;margin:6px 0;cursor:pointer}
button.primary{background:var(--acc);border-color:var(--acc);color:#fff;text-align:center;font-weight:600;margin-top:16px}
@media (prefers-color-scheme:dark){button.primary{color:#111}}
button.picked{background:var(--pick);border-color:var(--acc)}
button:disabled{opacity:.55;cursor:default}
.row{border:1px solid var(--line);border-radius:12px;padding:8px 10px;margin:10px 0;background:var(--card)}
.row .what{font-weight:600;margin:2px 0 4px}
.choices{display:flex;flex-wrap:wrap;gap:6px}
.choices button{width:auto;min-width:56px;text-align:center;margin:0}
.badge{display:inline-block;min-width:1.8em;font-weight:700;color:var(--acc)}
.bar{display:flex;justify-content:space-between;gap:8px;font-size:15px;color:var(--fg);opacity:.85}
#timer{font-variant-numeric:tabular-nums;font-weight:700}
.prompt{font-weight:600}
.defs{margin:6px 0;padding-left:0;list-style:none}
.error{color:var(--bad)}
.ok{color:var(--ok)}
#verdict{font-size:22px;font-weight:700}
#verdict.right{color:var(--ok)}
#verdict.wrong{color:var(--bad)}
ul{padding-left:1.2em}
"#;

pub const JS: &str = r#"'use strict';
(function(){
var $=function(id){return document.getElementById(id);};
var view=null,shown='',draft=null,sending=false;
function el(tag,cls,text){var e=document.createElement(tag);if(cls)e.className=cls;if(text!=null)e.textContent=text;return e;}
function clear(e){while(e.firstChild)e.removeChild(e.firstChild);}
function api(path,body){
  var opt={credentials:'same-origin',cache:'no-store'};
  if(body!==undefined){opt.method='POST';opt.headers={'Content-Type':'application/json'};opt.body=JSON.stringify(body);}
  return fetch(path,opt).then(function(r){return r.json().catch(function(){return {};}).then(function(j){return {ok:r.ok,status:r.status,j:j};});});
}
function showJoin(teams){
  $('drill').hidden=true;$('join').hidden=false;$('who').textContent='';
  var sel=$('team');
  if(teams.length&&sel.options.length!==teams.length+1){
    clear(sel);var o=el('option',null,'Choose your team');o.value='';sel.appendChild(o);
    teams.forEach(function(t,i){var o=el('option',null,t);o.value=String(i);sel.appendChild(o);});
  }
  $('team-row').hidden=!teams.length;
}
$('join-form').addEventListener('submit',function(ev){
  ev.preventDefault();
  var t=$('team').value,body={code:$('code').value,name:$('name').value};
  if(!$('team-row').hidden&&t!=='')body.team=Number(t);
  $('join-btn').disabled=true;
  api('/join',body).then(function(r){
    $('join-btn').disabled=false;
    if(r.ok){$('join-error').textContent='';poll(false);}else{$('join-error').textContent=r.j.error||'Could not join.';}
  }).catch(function(){$('join-btn').disabled=false;$('join-error').textContent='Could not reach the tutor\'s computer.';});
});
function phaseText(p){return {waiting:'Wait for the tutor',open:'Answer now',locked:'Time is up',revealed:'Answer revealed',ended:'End of the drill'}[p]||p;}
function freshDraft(v){var f=v.question,n=0;
  if(f.form==='match')n=f.terms.length;else if(f.form==='classify')n=f.items.length;
  var p=[];for(var i=0;i<n;i++)p.push(null);
  return {item:v.item,choices:[],order:[],picks:p,text:''};}
function ready(f){
  if(f.form==='single')return draft.choices.length===1;
  if(f.form==='multiple')return draft.choices.length>0;
  if(f.form==='order')return draft.order.length===f.stages.length;
  if(f.form==='match'||f.form==='classify')return draft.picks.every(function(p){return p!==null;});
  return draft.text.trim().length>0;
}
function send(){
  var f=view.question,b={item:view.item};
  if(f.form==='single'||f.form==='multiple')b.choices=draft.choices;
  else if(f.form==='order')b.order=draft.order;
  else if(f.form==='match'||f.form==='classify')b.picks=draft.picks;
  else b.text=draft.text;
  sending=true;$('send').disabled=true;
  api('/answer',b).then(function(r){
    sending=false;
    if(r.ok){$('status').textContent='Sent.';poll(false);}
    else{$('status').textContent=r.j.error||'Not sent.';$('status').className='error';var s=$('send');if(s)s.disabled=false;}
  }).catch(function(){sending=false;$('status').textContent='Not sent: the tutor\'s computer did not answer. Try again.';var s=$('send');if(s)s.disabled=false;});
}
function buildForm(area,f){
  var sendBtn=el('button','primary','Send my answer');sendBtn.id='send';sendBtn.type='button';
  var refresh=function(){sendBtn.disabled=!ready(f)||sending;};
  if(f.form==='single'||f.form==='multiple'){
    if(f.form==='multiple')area.appendChild(el('p',null,'Choose every option that applies.'));
    f.options.forEach(function(o,k){
      var b=el('button','opt',o);b.type='button';b.dataset.k=k;
      if(draft.choices.indexOf(k)>=0)b.classList.add('picked');
      b.addEventListener('click',function(){
        var at=draft.choices.indexOf(k);
        if(f.form==='single'){draft.choices=[k];}else if(at>=0){draft.choices.splice(at,1);}else{draft.choices.push(k);}
        Array.prototype.forEach.call(area.querySelectorAll('button.opt'),function(x){x.classList.toggle('picked',draft.choices.indexOf(Number(x.dataset.k))>=0);});
        refresh();
      });
      area.appendChild(b);
    });
  }else if(f.form==='order'){
    area.appendChild(el('p',null,'Tap the stages in order, first to last. Tap one again to take it out.'));
    var draw=function(){
      Array.prototype.forEach.call(area.querySelectorAll('button.opt'),function(x){
        var at=draft.order.indexOf(Number(x.dataset.k));
        x.firstChild.textContent=at>=0?String(at+1):'';x.classList.toggle('picked',at>=0);});
      refresh();};
    f.stages.forEach(function(s,k){
      var b=el('button','opt');b.type='button';b.dataset.k=k;b.appendChild(el('span','badge',''));b.appendChild(document.createTextNode(s));
      b.addEventListener('click',function(){var at=draft.order.indexOf(k);if(at>=0)draft.order.splice(at,1);else draft.order.push(k);draw();});
      area.appendChild(b);});
    setTimeout(draw,0);
  }else if(f.form==='match'||f.form==='classify'){
    var rows=f.form==='match'?f.terms:f.items,labels;
    if(f.form==='match'){
      var ul=el('ul','defs');f.definitions.forEach(function(d){ul.appendChild(el('li',null,d));});area.appendChild(ul);
      labels=f.definitions.map(function(d){return d.split('.')[0];});
    }else{labels=f.categories;}
    rows.forEach(function(r,i){
      var row=el('div','row');row.appendChild(el('div','what',(f.form==='match'?(i+1)+'. ':'')+r));
      var c=el('div','choices');
      labels.forEach(function(l,k){
        var b=el('button','pick',l);b.type='button';b.dataset.row=i;b.dataset.k=k;
        if(draft.picks[i]===k)b.classList.add('picked');
        b.addEventListener('click',function(){draft.picks[i]=k;
          Array.prototype.forEach.call(c.children,function(x){x.classList.toggle('picked',Number(x.dataset.k)===k);});refresh();});
        c.appendChild(b);});
      row.appendChild(c);area.appendChild(row);});
  }else{
    var ta=el('textarea');ta.id='text';ta.maxLength=4000;ta.value=draft.text;ta.setAttribute('aria-label','Your answer');
    ta.addEventListener('input',function(){draft.text=ta.value;refresh();});
    area.appendChild(ta);
  }
  area.appendChild(sendBtn);sendBtn.addEventListener('click',send);refresh();
}
function render(v){
  $('join').hidden=true;$('drill').hidden=false;
  $('who').textContent=v.name+(v.team?' · '+v.team:'');
  $('phase').textContent=phaseText(v.phase);$('phase').dataset.phase=v.phase;
  $('timer').textContent=v.seconds_left!=null?(Math.floor(v.seconds_left/60)+':'+('0'+v.seconds_left%60).slice(-2)):'';
  var key=[v.item,v.phase,v.answered].join('|');
  if(key===shown)return;
  shown=key;
  var area=$('area');clear(area);$('status').textContent='';$('status').className='';$('result').hidden=true;
  if(v.phase==='ended'){
    $('progress').textContent='';$('title').textContent='End of the drill';$('situation').textContent='';
    $('prompt').textContent=v.total?('You scored '+v.total[0]+' out of '+v.total[1]+'.'):'';
    return;
  }
  var q=v.question;
  if(!q){$('progress').textContent='';$('title').textContent='You have joined';$('situation').textContent='';
    $('prompt').textContent='';$('status').textContent='Wait for the tutor to start the drill.';return;}
  $('progress').textContent='Question '+v.number+' of '+v.count;
  $('title').textContent=q.title;$('situation').textContent=q.situation;$('prompt').textContent=q.prompt;
  if(!draft||draft.item!==v.item)draft=freshDraft(v);
  if(v.answered){
    area.appendChild(el('h2',null,'Your answer'));var ul=el('ul');ul.id='mine';
    v.mine.forEach(function(m){ul.appendChild(el('li',null,m));});area.appendChild(ul);
    if(v.phase!=='revealed'){$('status').textContent='Sent. Wait for the tutor to reveal the answer.';}
  }else if(v.phase==='open'){buildForm(area,q);}
  else if(v.phase==='locked'){$('status').textContent='Time is up: answers are closed for this question.';}
  else if(v.phase==='waiting'){$('status').textContent='Wait for the tutor.';}
  if(v.phase==='revealed'&&v.result){
    var r=v.result;$('result').hidden=false;
    var vd=$('verdict');vd.className=r.right?'right':'wrong';
    vd.textContent=r.max?((r.right?'Right! ':'Not quite. ')+r.score+' / '+r.max):'No answer from you.';
    var ls=$('lines');clear(ls);r.lines.forEach(function(l){ls.appendChild(el('li',null,l));});
    var cs=$('correction');clear(cs);r.correction.forEach(function(l){cs.appendChild(el('li',null,l));});
    $('explanation').textContent=r.explanation||'';
  }
}
var timer=null;
function poll(again){
  if(timer){clearTimeout(timer);timer=null;}
  api('/state').then(function(r){
    $('conn').textContent='';
    if(r.status===401){showJoin(r.j.teams||[]);}
    else if(r.ok){view=r.j;render(r.j);}
    else if(r.j.error){$('conn').textContent=r.j.error;}
  }).catch(function(){$('conn').textContent='Lost the connection to the tutor\'s computer; trying again…';})
  .then(function(){timer=setTimeout(function(){poll(true);},1000);});
}
poll(true);
})();
"#;
