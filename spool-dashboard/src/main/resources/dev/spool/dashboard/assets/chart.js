// Processed and failed per minute (or hour) as a uPlot line chart (uPlot comes from its WebJar, in the JAR).
import { el } from './lib.js';

/** A chart in `container`; returns update(history) taking the API's {start, stepMs, processed, failed}. */
export function throughputChart(container, title) {
  const box = el('div', { class: 'chart' });
  container.append(box);
  let plot = null;
  return function update(h) {
    const step = h.stepMs / 1000;
    const xs = h.processed.map((_, i) => h.start / 1000 + i * step);
    const data = [xs, h.processed, h.failed];
    if (!plot) {
      const width = Math.max(320, (box.clientWidth || 900) - 20);
      plot = new window.uPlot({
        title,
        width,
        height: 220,
        scales: { x: { time: true } },
        axes: [{}, { label: h.stepMs >= 3600000 ? 'per hour' : 'per minute' }],
        series: [
          {},
          { label: 'processed', stroke: '#2563eb', fill: 'rgba(37,99,235,.08)', width: 1.5, points: { show: false } },
          { label: 'failed', stroke: '#b91c1c', width: 1.5, points: { show: false } },
        ],
      }, data, box);
    } else {
      plot.setData(data);
    }
  };
}
