// Project.synth and the writing of its files, without the command's diff and
// report: the library's own share of `npm run synth`, for profiling
// (node build/bench-synth-only.js N APPS OUTDIR). Prints time and heap peaks.
import * as fs from 'fs';
import * as path from 'path';
import { benchProjectOf } from './bench-project-def';

const [n, apps, outdir] = process.argv.slice(2);
const started = performance.now();
let peak = 0;
const sample = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 20);
const project = benchProjectOf({ n: Number(n), apps: Number(apps), changeFirstApp: false });
const gc = (globalThis as { gc?: () => void }).gc;
const result = project.synth({
  onProgress: (report) => {
    peak = Math.max(peak, process.memoryUsage().rss);
    // With --expose-gc: what stays alive after each app.
    if (gc) {
      gc();
      console.log(`${report.app}: heap after gc ${Math.round(process.memoryUsage().heapUsed / 1048576)} MB`);
      if (process.env.BENCH_HEAP_SNAPSHOT && report.app === `app-${Number(apps) - 1}`) {
        require('v8').writeHeapSnapshot(process.env.BENCH_HEAP_SNAPSHOT);
      }
    }
  },
});
for (const file of result.files) {
  fs.mkdirSync(path.dirname(path.join(outdir, file.path)), { recursive: true });
  fs.writeFileSync(path.join(outdir, file.path), file.content);
}
clearInterval(sample);
peak = Math.max(peak, process.memoryUsage().rss);
console.log(`${Math.round(performance.now() - started)} ms, rss peak ${Math.round(peak / 1048576)} MB, findings ${result.findings.length}`);
