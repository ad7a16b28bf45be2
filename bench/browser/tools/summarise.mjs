// The summary of a CPU profile (CDP Profiler.stop's `profile`) that the profiling aids
// print: the functions with the most self and total time; PATHS=n adds the call paths
// of the n hottest, TIMELINE=ms what runs in each slice of that many milliseconds.
export function summarise(profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map();
  const total = new Map();
  const name = (n) => `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}`.trim();
  profile.samples.forEach((id, i) => {
    const dt = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    const n = byId.get(id);
    self.set(name(n), (self.get(name(n)) ?? 0) + dt);
    const seen = new Set();
    for (let at = id; at !== undefined; at = parent.get(at)) {
      const k = name(byId.get(at));
      if (seen.has(k)) continue;
      seen.add(k);
      total.set(k, (total.get(k) ?? 0) + dt);
    }
  });
  const top = (m, k) => [...m].sort((a, b) => b[1] - a[1]).slice(0, k).map(([n, t]) => `${t.toFixed(1).padStart(8)}  ${n.slice(0, 110)}`).join('\n');
  console.log('self:\n' + top(self, 25));
  console.log('total:\n' + top(total, 45));
  // The call paths of the functions with the most self time (set PATHS=n to see n).
  if (process.env.PATHS) {
    const perNode = new Map();
    profile.samples.forEach((id, i) => perNode.set(id, (perNode.get(id) ?? 0) + (profile.timeDeltas[i + 1] ?? 0) / 1000));
    const short = (n) => n.callFrame.functionName.replace(/^_R[A-Za-z]+(Cs|Nt)/, '').slice(0, 90);
    for (const [id, t] of [...perNode].filter(([id]) => !name(byId.get(id)).startsWith('(')).sort((a, b) => b[1] - a[1]).slice(0, Number(process.env.PATHS))) {
      const chain = [];
      for (let at = id; at !== undefined && chain.length < 14; at = parent.get(at)) chain.push(short(byId.get(at)));
      console.log(`${t.toFixed(1)} ms\n   ${chain.join('\n   ')}`);
    }
  }
  // What runs when, in slices of TIMELINE ms (set TIMELINE=10 to see it): per slice, the
  // app's functions (Rust names) that the most samples were inside.
  if (process.env.TIMELINE) {
    const slice = Number(process.env.TIMELINE);
    let at = profile.startTime;
    const buckets = new Map();
    profile.samples.forEach((id, i) => {
      at += profile.timeDeltas[i] ?? 0;
      const b = Math.floor((at - profile.startTime) / 1000 / slice);
      const counts = buckets.get(b) ?? new Map();
      buckets.set(b, counts);
      const seen = new Set();
      for (let n = id; n !== undefined; n = parent.get(n)) {
        const f = byId.get(n).callFrame.functionName;
        if (!/factmark|yew::|Reconcilable|imbl|sha2|serde/.test(f) || seen.has(f)) continue;
        seen.add(f);
        counts.set(f, (counts.get(f) ?? 0) + 1);
      }
      const self = name(byId.get(id));
      counts.set(`self ${self}`, (counts.get(`self ${self}`) ?? 0) + 1);
    });
    for (const [b, counts] of [...buckets].sort((x, y) => x[0] - y[0])) {
      const top = [...counts].sort((x, y) => y[1] - x[1]).slice(0, 6);
      console.log(`${String(b * slice).padStart(5)} ms: ${top.map(([f, c]) => `${c} ${f.replace(/\[[0-9a-f]+\]/g, '').slice(0, 70)}`).join('  ·  ')}`);
    }
  }
  // The call tree under the first function whose name contains TREE (set TREE=add_annotations
  // to see it), to TREE_DEPTH levels (default 4), children over 0.3 ms.
  if (process.env.TREE) {
    const totalOf = new Map();
    profile.samples.forEach((id, i) => {
      const dt = (profile.timeDeltas[i + 1] ?? 0) / 1000;
      for (let at = id; at !== undefined; at = parent.get(at)) totalOf.set(at, (totalOf.get(at) ?? 0) + dt);
    });
    const short = (n) => n.callFrame.functionName.replace(/\[[0-9a-f]+\]/g, '').slice(0, 100) || '(anon)';
    const show = (id, depth) => {
      console.log(`${(totalOf.get(id) ?? 0).toFixed(1).padStart(7)} ${'  '.repeat(depth)}${short(byId.get(id))}`);
      if (depth >= Number(process.env.TREE_DEPTH ?? 4)) return;
      for (const c of [...(byId.get(id).children ?? [])].sort((a, b) => (totalOf.get(b) ?? 0) - (totalOf.get(a) ?? 0))) {
        if ((totalOf.get(c) ?? 0) >= 0.3) show(c, depth + 1);
      }
    };
    const roots = profile.nodes.filter((n) => n.callFrame.functionName.includes(process.env.TREE));
    for (const n of roots.filter((n) => !roots.some((r) => r !== n && isUnder(n.id, r.id)))) show(n.id, 0);
    function isUnder(id, ancestor) {
      for (let at = parent.get(id); at !== undefined; at = parent.get(at)) if (at === ancestor) return true;
      return false;
    }
  }
}
