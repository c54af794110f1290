/**
 * The script the decoder explorer runs in the page (src/plot/decoder-explorer.ts), as text: plain
 * ES2017 and DOM, TensorFlow.js ops on the cpu backend (`window.tf`, defined by the inlined bundle).
 * It reads the explorer's data from its `<script type="application/json">`, draws each view, and
 * leaves a read-only hook on the container element, `element.aeExplorer.views[i]`: the current
 * `code`, the decoded `pixels` (Float32Array, [0, 1]), the `nearest` test image a plane view
 * snapped to, and where the plane is drawn (`plot`), so a test can check what a reader sees.
 */
export const EXPLORER_PAGE_SCRIPT = String.raw`
function aeDecoderExplorer(id) {
  var root = document.getElementById(id);
  if (!root || root.aeExplorer) return;
  var data = JSON.parse(root.querySelector('script.ae-explorer-data').textContent);
  var live = root.querySelector('.ae-explorer-live');
  var SCALE = data.pixelScale;

  function bytes(base64) {
    var text = atob(base64);
    var out = new Uint8Array(text.length);
    for (var i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
    return out;
  }
  function floats(base64) {
    var raw = bytes(base64);
    return new Float32Array(raw.buffer, raw.byteOffset, raw.byteLength / 4);
  }
  function el(tag, attributes, children) {
    var node = document.createElement(tag);
    for (var key in attributes || {}) {
      if (key === 'text') node.textContent = attributes[key];
      else node.setAttribute(key, attributes[key]);
    }
    (children || []).forEach(function (child) { node.appendChild(child); });
    return node;
  }

  // The decoder: its steps with tf ops, weights as tensors made once.
  function makeDecoder(program) {
    var shape = [program.latentDim];
    var steps = program.steps.map(function (step) {
      var s = { op: step.op };
      if (step.op === 'dense') {
        s.kernel = tf.tensor2d(floats(step.kernel), [shape[0], step.units]);
        s.bias = tf.tensor1d(floats(step.bias));
        shape = [step.units];
      } else if (step.op === 'reshape') {
        s.shape = step.shape;
        shape = step.shape.slice();
      } else if (step.op === 'conv2dTranspose') {
        var kh = step.kernelSize[0], kw = step.kernelSize[1], sh = step.strides[0], sw = step.strides[1];
        s.kernel = tf.tensor4d(floats(step.kernel), [kh, kw, step.filters, shape[2]]);
        s.bias = tf.tensor1d(floats(step.bias));
        var h = step.padding === 'same' ? shape[0] * sh : (shape[0] - 1) * sh + kh;
        var w = step.padding === 'same' ? shape[1] * sw : (shape[1] - 1) * sw + kw;
        s.outShape = [1, h, w, step.filters];
        s.strides = [sh, sw];
        s.padding = step.padding;
        shape = [h, w, step.filters];
      } else if (step.op === 'batchNorm') {
        ['mean', 'variance', 'gamma', 'beta'].forEach(function (key) { s[key] = tf.tensor1d(floats(step[key])); });
        s.epsilon = step.epsilon;
      } else if (step.op === 'crop') {
        s.begin = [0, step.top, step.left, 0];
        s.size = [1, shape[0] - step.top - step.bottom, shape[1] - step.left - step.right, shape[2]];
        shape = [s.size[1], s.size[2], shape[2]];
      } else if (step.op === 'rescale') {
        s.scale = step.scale;
        s.offset = step.offset;
      }
      return s;
    });
    return function decode(code) {
      return tf.tidy(function () {
        var x = tf.tensor2d(Float32Array.from(code), [1, program.latentDim]);
        steps.forEach(function (s) {
          if (s.op === 'dense') x = tf.add(tf.matMul(x, s.kernel), s.bias);
          else if (s.op === 'reshape') x = tf.reshape(x, [1].concat(s.shape));
          else if (s.op === 'conv2dTranspose') x = tf.add(tf.conv2dTranspose(x, s.kernel, s.outShape, s.strides, s.padding), s.bias);
          else if (s.op === 'batchNorm') x = tf.batchNorm(x, s.mean, s.variance, s.beta, s.gamma, s.epsilon);
          else if (s.op === 'relu') x = tf.relu(x);
          else if (s.op === 'sigmoid') x = tf.sigmoid(x);
          else if (s.op === 'crop') x = tf.slice(x, s.begin, s.size);
          else if (s.op === 'rescale') x = tf.add(tf.mul(x, s.scale), s.offset);
        });
        return x.dataSync();
      });
    };
  }

  // A grey image of [0, 1] pixels, each a SCALE × SCALE block (white = 1, as MNIST is shown).
  function imageCanvas(label, className) {
    var canvas = el('canvas', { width: String(data.width * SCALE), height: String(data.height * SCALE), 'aria-label': label, class: className });
    canvas.style.imageRendering = 'pixelated';
    return canvas;
  }
  function drawImage(canvas, pixels) {
    var context = canvas.getContext('2d');
    var image = context.createImageData(canvas.width, canvas.height);
    for (var y = 0; y < canvas.height; y++) {
      for (var x = 0; x < canvas.width; x++) {
        var p = pixels[Math.floor(y / SCALE) * data.width + Math.floor(x / SCALE)];
        var v = Math.round(Math.min(1, Math.max(0, p)) * 255);
        var o = (y * canvas.width + x) * 4;
        image.data[o] = v; image.data[o + 1] = v; image.data[o + 2] = v; image.data[o + 3] = 255;
      }
    }
    context.putImageData(image, 0, 0);
  }
  function figure(canvas, caption) {
    return el('figure', { class: 'ae-explorer-image' }, [canvas, el('figcaption', { text: caption })]);
  }
  function format(value) {
    return (value < 0 ? '\u2212' : '') + Math.abs(value).toFixed(2);
  }
  // Round numbers between min and max, about count of them, each with the decimals its step needs.
  function niceTicks(min, max, count) {
    var step = Math.pow(10, Math.floor(Math.log10((max - min) / count)));
    var error = (max - min) / count / step;
    if (error >= 7.5) step *= 10; else if (error >= 3.5) step *= 5; else if (error >= 1.5) step *= 2;
    var decimals = Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
    var ticks = [];
    for (var t = Math.ceil(min / step) * step; t <= max + step * 1e-9; t += step) {
      var value = Math.round(t / step) * step;
      ticks.push({ value: value, text: (value < 0 ? '\u2212' : '') + Math.abs(value).toFixed(decimals) });
    }
    return ticks;
  }

  function planeView(view, hook) {
    var decode = makeDecoder(view.program);
    var codes = floats(view.codes);
    var labels = bytes(view.labels);
    var n = labels.length;
    var size = data.planeSize;
    var plot = { left: 48, top: 12, width: size - 60, height: size - 56, x: view.domain[0], y: view.domain[1] };
    hook.plot = plot;
    var canvas = el('canvas', { width: String(size), height: String(size), class: 'ae-explorer-plane', 'aria-label': 'the code plane: move the pointer to choose a code' });
    var decoded = imageCanvas('the decoded image', 'ae-explorer-decoded');
    var info = el('div', { class: 'ae-explorer-info' });
    var background = document.createElement('canvas');
    background.width = size; background.height = size;
    var px = function (v) { return plot.left + (v - plot.x[0]) / (plot.x[1] - plot.x[0]) * plot.width; };
    var py = function (v) { return plot.top + (1 - (v - plot.y[0]) / (plot.y[1] - plot.y[0])) * plot.height; };

    var g = background.getContext('2d');
    g.fillStyle = '#fff'; g.fillRect(0, 0, size, size);
    g.font = '11px system-ui, sans-serif'; g.fillStyle = '#444'; g.strokeStyle = '#e6e6e6';
    niceTicks(plot.x[0], plot.x[1], 6).forEach(function (t) {
      g.beginPath(); g.moveTo(px(t.value) + 0.5, plot.top); g.lineTo(px(t.value) + 0.5, plot.top + plot.height); g.stroke();
      g.textAlign = 'center'; g.fillText(t.text, px(t.value), plot.top + plot.height + 14);
    });
    niceTicks(plot.y[0], plot.y[1], 6).forEach(function (t) {
      g.beginPath(); g.moveTo(plot.left, py(t.value) + 0.5); g.lineTo(plot.left + plot.width, py(t.value) + 0.5); g.stroke();
      g.textAlign = 'right'; g.fillText(t.text, plot.left - 5, py(t.value) + 4);
    });
    g.textAlign = 'center'; g.fillText('code number 1', plot.left + plot.width / 2, size - 8);
    g.save(); g.translate(12, plot.top + plot.height / 2); g.rotate(-Math.PI / 2); g.fillText('code number 2', 0, 0); g.restore();
    g.globalAlpha = 0.6;
    for (var i = 0; i < n; i++) {
      g.fillStyle = data.colors[labels[i]];
      g.fillRect(Math.round(px(codes[2 * i])) - 1, Math.round(py(codes[2 * i + 1])) - 1, 2, 2);
    }
    g.globalAlpha = 1;

    function show(code, nearest) {
      var pixels = decode(code);
      hook.code = Float32Array.from(code);
      hook.pixels = Float32Array.from(pixels);
      hook.nearest = nearest;
      drawImage(decoded, pixels);
      var c = canvas.getContext('2d');
      c.drawImage(background, 0, 0);
      c.strokeStyle = '#000'; c.lineWidth = 1.5;
      c.beginPath(); c.arc(px(code[0]), py(code[1]), 6, 0, 2 * Math.PI); c.stroke();
      info.textContent = 'code (' + format(code[0]) + ', ' + format(code[1]) + ')' +
        (nearest === null ? '' : ' \u00b7 the code of test image ' + nearest + ', a ' + labels[nearest]);
    }
    canvas.addEventListener('pointermove', function (event) {
      var box = canvas.getBoundingClientRect();
      var x = (event.clientX - box.left) * (canvas.width / box.width);
      var y = (event.clientY - box.top) * (canvas.height / box.height);
      if (x < plot.left || x > plot.left + plot.width || y < plot.top || y > plot.top + plot.height) return;
      // Near a plotted test code (within 5 px): that exact code, so a reader can call up a digit's own.
      var best = null, bestDistance = 25;
      for (var i = 0; i < n; i++) {
        var dx = px(codes[2 * i]) - x, dy = py(codes[2 * i + 1]) - y, d = dx * dx + dy * dy;
        if (d < bestDistance) { bestDistance = d; best = i; }
      }
      var code = best === null
        ? [plot.x[0] + (x - plot.left) / plot.width * (plot.x[1] - plot.x[0]), plot.y[0] + (1 - (y - plot.top) / plot.height) * (plot.y[1] - plot.y[0])]
        : [codes[2 * best], codes[2 * best + 1]];
      show(code, best);
    });
    var legend = el('div', { class: 'ae-explorer-legend' }, data.colors.map(function (color, digit) {
      var swatch = el('span', { class: 'ae-explorer-swatch' });
      swatch.style.background = color;
      return el('span', {}, [swatch, document.createTextNode(String(digit))]);
    }));
    show([codes[2 * view.start], codes[2 * view.start + 1]], view.start);
    return el('div', { class: 'ae-explorer-view' }, [
      el('div', { class: 'ae-explorer-title', text: view.title }),
      el('div', { class: 'ae-explorer-row' }, [el('div', {}, [canvas, legend]), el('div', {}, [figure(decoded, 'decoded from the code under the pointer'), info])]),
    ]);
  }

  function slidersView(view, hook) {
    var decode = makeDecoder(view.program);
    var decoded = imageCanvas('the decoded image', 'ae-explorer-decoded');
    var original = imageCanvas('the test image the code started from', 'ae-explorer-original');
    var code = [];
    var sliders = el('div', { class: 'ae-explorer-sliders' });
    var inputs = view.ranges.map(function (range, k) {
      var input = el('input', { type: 'range', min: String(range[0]), max: String(range[1]), step: String((range[1] - range[0]) / 200), 'aria-label': 'code number ' + (k + 1) });
      var value = el('span', { class: 'ae-explorer-value' });
      input.addEventListener('input', function () {
        code[k] = parseFloat(input.value);
        show();
      });
      sliders.appendChild(el('label', {}, [el('span', { text: 'code number ' + (k + 1) }), input, value]));
      return { input: input, value: value };
    });
    function show() {
      var pixels = decode(code);
      hook.code = Float32Array.from(code);
      hook.pixels = Float32Array.from(pixels);
      drawImage(decoded, pixels);
      inputs.forEach(function (slider, k) { slider.value.textContent = format(code[k]); });
    }
    function start(s) {
      var chosen = view.starts[s];
      code = chosen.code.slice();
      hook.start = s;
      inputs.forEach(function (slider, k) { slider.input.value = String(code[k]); });
      var image = bytes(chosen.image);
      drawImage(original, Array.prototype.map.call(image, function (v) { return v / 255; }));
      show();
    }
    var select = el('select', { 'aria-label': 'the test image whose code the sliders start from' }, view.starts.map(function (s, k) {
      return el('option', { value: String(k), text: s.label });
    }));
    select.addEventListener('change', function () { start(Number(select.value)); });
    var reset = el('button', { type: 'button', text: 'back to its code' });
    reset.addEventListener('click', function () { start(Number(select.value)); });
    start(0);
    return el('div', { class: 'ae-explorer-view' }, [
      el('div', { class: 'ae-explorer-title', text: view.title }),
      el('div', { class: 'ae-explorer-controls' }, [el('span', { text: 'start from ' }), select, reset]),
      el('div', { class: 'ae-explorer-row' }, [sliders, figure(original, 'the test image'), figure(decoded, 'decoded from the sliders\u2019 code')]),
    ]);
  }

  tf.setBackend('cpu').then(function () {
    var hooks = data.views.map(function (view) { return { kind: view.kind }; });
    var parts = data.views.map(function (view, i) { return view.kind === 'plane' ? planeView(view, hooks[i]) : slidersView(view, hooks[i]); });
    parts.forEach(function (part) { live.appendChild(part); });
    root.aeExplorer = { views: hooks };
    live.hidden = false;
    var fallback = root.querySelector('.ae-explorer-fallback');
    if (fallback) fallback.remove();
    root.setAttribute('data-ready', 'true');
  }).catch(function (error) {
    live.hidden = false;
    live.textContent = 'The explorer could not start: ' + error;
    root.setAttribute('data-ready', 'error');
  });
}
`;
