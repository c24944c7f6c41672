// Times an exported H3DE-Net in ONNX Runtime (CPU, intra-op threads as given) and prints one JSON line:
//   node bench_h3denet_ort.js MODEL.onnx [--threads 2] [--reps 2] [--case NAME] [--dump DIR]
// The input is the parity formula of the ONNX tests (batch 1, spatial size from the model's input).
// With --dump, the outputs are written to DIR/<name>.f32 (raw little-endian float32) for comparison.
'use strict';
const fs = require('fs');
const path = require('path');
const ort = require('onnxruntime-node');

function option(name, fallback) {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

(async () => {
  const model = process.argv[2];
  const threads = Number(option('--threads', '2'));
  const reps = Number(option('--reps', '2'));
  const session = await ort.InferenceSession.create(model,
    { intraOpNumThreads: threads, interOpNumThreads: 1, executionMode: 'sequential', graphOptimizationLevel: 'all' });
  const size = JSON.parse(option('--size', 'null')) || await inputSize(model);
  const count = size.reduce((a, b) => a * b, 1);
  const data = new Float32Array(count);
  for (let i = 0; i < count; i++) data[i] = 0.8 * Math.sin(0.37 * i) + 0.1 * Math.cos(0.05 * i);
  const feeds = { image: new ort.Tensor('float32', data, [1, 1, ...size]) };
  let out = await session.run(feeds); // warm-up
  const runs = [];
  for (let r = 0; r < reps; r++) {
    const t0 = process.hrtime.bigint();
    out = await session.run(feeds);
    runs.push(Number(process.hrtime.bigint() - t0) / 1e9);
  }
  const dump = option('--dump', null);
  if (dump) for (const [name, t] of Object.entries(out)) fs.writeFileSync(path.join(dump, name + '.f32'), Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength));
  console.log(JSON.stringify({
    op: 'h3denet', impl: 'onnxruntime', head: ['heatmap', 'anchors'].filter(n => n in out).join('+').replace('heatmap+anchors', 'both'), case: option('--case', path.basename(model)), pass: 'forward', threads,
    seconds: Math.min(...runs), runs, version: require('onnxruntime-node/package.json').version,
    outputs: Object.fromEntries(Object.entries(out).map(([k, v]) => [k, v.dims])),
  }));
})().catch(e => { console.error(e); process.exit(1); });

// The spatial size of the model's 'image' input, from the graph's declared shape (read with a throwaway session).
async function inputSize(model) {
  const meta = (await ort.InferenceSession.create(model)).inputMetadata;
  const image = Array.isArray(meta) ? meta.find(m => m.name === 'image') : meta && meta.image;
  if (image && image.shape) return image.shape.slice(2).map(Number);
  return [128, 128, 64];
}
