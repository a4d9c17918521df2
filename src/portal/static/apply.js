// The 依申请公开 form (/apply): while the description is typed, show published documents that may
// already answer it (条例第三十六条第一项). The page works without this script: its "先查一查" button
// asks the server for the same list.
(() => {
  const field = document.getElementById('description');
  const box = document.getElementById('matches');
  if (!field || !box) return;
  const url = field.getAttribute('data-matches');
  let timer = 0;
  let last = '';
  const show = (matches) => {
    box.textContent = '';
    if (matches.length === 0) return;
    const title = document.createElement('h2');
    title.textContent = '可能已经公开的信息';
    const intro = document.createElement('p');
    intro.textContent = '以下信息已经主动公开，可以直接查阅；如仍需申请，请继续填写。';
    const list = document.createElement('ul');
    list.className = 'doc-list';
    for (const m of matches) {
      const item = document.createElement('li');
      const link = document.createElement('a');
      link.href = `/documents/${encodeURIComponent(m.id)}`;
      link.textContent = m.title;
      const meta = document.createElement('p');
      meta.className = 'doc-meta';
      meta.textContent = [m.docNumber, `发布日期 ${m.publishedOn}`].filter(Boolean).join('　');
      item.append(link, meta);
      list.append(item);
    }
    box.className = 'matches';
    box.append(title, intro, list);
  };
  field.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const q = field.value.trim();
      if (q.length < 4 || q === last) return;
      last = q;
      try {
        const res = await fetch(`${url}?q=${encodeURIComponent(q)}`, {
          headers: { accept: 'application/json' },
        });
        if (res.ok) show((await res.json()).matches);
      } catch {
        // Offline or refused: the button still works.
      }
    }, 500);
  });
})();
