// Pictures drawn in the browser: training curves, waveforms, the audio player that feeds them.
import { api, path } from "./api.js";
import { el } from "./dom.js";

/** Training curves as an SVG of polylines, one per fold. */
export function curves(series) {
  const svgNS = "http://www.w3.org/2000/svg", width = 480, height = 160;
  const svg = document.createElementNS(svgNS, "svg");
  svg.setAttribute("width", String(width + 90));
  svg.setAttribute("height", String(height + 10));
  const values = series.flatMap((s) => s.values);
  const top = Math.max(...values, 1e-9), longest = Math.max(2, ...series.map((s) => s.values.length));
  const colors = ["#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02"];
  series.forEach((line, index) => {
    const polyline = document.createElementNS(svgNS, "polyline");
    polyline.setAttribute("fill", "none");
    polyline.setAttribute("stroke", colors[index % colors.length]);
    polyline.setAttribute("points", line.values.map((v, i) => (i * width / (longest - 1)).toFixed(1) + "," +
      (height - v / top * height + 5).toFixed(1)).join(" "));
    svg.append(polyline);
    const label = document.createElementNS(svgNS, "text");
    label.setAttribute("x", String(width + 10));
    label.setAttribute("y", String(15 + index * 14));
    label.setAttribute("fill", colors[index % colors.length]);
    label.textContent = line.name;
    svg.append(label);
  });
  return svg;
}

/** The clip's waveform (peak per pixel column), decoded in the browser. */
async function drawWaveform(blob, canvas) {
  try {
    const audio = await new AudioContext().decodeAudioData(await blob.arrayBuffer());
    const samples = audio.getChannelData(0), context = canvas.getContext("2d");
    const step = Math.max(1, Math.floor(samples.length / canvas.width)), middle = canvas.height / 2;
    context.fillStyle = "#2171b5";
    for (let x = 0; x < canvas.width; x++) {
      let peak = 0;
      for (let i = x * step; i < Math.min(samples.length, (x + 1) * step); i++) peak = Math.max(peak, Math.abs(samples[i]));
      context.fillRect(x, middle - peak * middle, 1, Math.max(1, 2 * peak * middle));
    }
  } catch (_) { /* the player still works without a picture */ }
}

/** An audio player for a track; the file is fetched with the token, so no cookie is needed. */
export function player(track, waveform) {
  const audio = el("audio", { controls: "" });
  api(path("tracks", track, "audio"))
    .then((blob) => {
      audio.src = URL.createObjectURL(blob);
      if (waveform) drawWaveform(blob, waveform);
    })
    .catch((error) => audio.replaceWith(el("span", { class: "error", text: error.message })));
  return audio;
}
