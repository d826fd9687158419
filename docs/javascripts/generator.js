// 직접 해 보기 페이지의 생성자 순전파.
// gan_tutorial.lab.playground가 내보낸 층 설명(generator.json)과 가중치(generator.bin)만으로
// Keras 생성자의 추론 모드 출력을 계산합니다. 라이브러리 없이 층마다 몇 줄입니다.
// 텐서는 { data: Float64Array, shape } 이고, 이미지는 Keras처럼 (높이, 너비, 채널) 순서입니다.
// 브라우저에서는 window.GanGenerator, Node에서는 require("./generator.js")로 씁니다.
(function (root, factory) {
  if (typeof module === "object" && module.exports) module.exports = factory();
  else root.GanGenerator = factory();
})(typeof self !== "undefined" ? self : this, function () {
  "use strict";

  const FORMAT = "gan-tutorial-generator/1";

  // 가중치 파일(gan_tutorial.lab.playground.encode_weights): float32의 위 28비트를 자리별로 모아 gzip으로
  // 묶은 것. 위에서 첫째·둘째·셋째 바이트 면(각 count바이트), 그다음 넷째 바이트의 위 4비트(두 개씩 한 바이트).
  // 버린 아래 4비트는 0으로 채웁니다. 압축은 브라우저에 든 DecompressionStream이 풉니다.
  // source: 파일의 바이트(ArrayBuffer 등) 또는 fetch 응답의 body(받는 동안 압축을 풉니다)
  async function decodeWeights(source, count) {
    const body = source instanceof ReadableStream ? source : new Blob([source]).stream();
    const stream = body.pipeThrough(new DecompressionStream("gzip"));
    const raw = new Uint8Array(await new Response(stream).arrayBuffer());
    if (raw.length !== 3 * count + Math.ceil(count / 2)) {
      throw new Error(`가중치 파일의 크기가 맞지 않습니다: ${raw.length}바이트 (가중치 ${count}개)`);
    }
    const words = new Uint32Array(count);
    const packed = 3 * count;
    for (let i = 0; i < count; i++) {
      const nibble = i % 2 === 0 ? raw[packed + (i >> 1)] & 0xf : raw[packed + (i >> 1)] >> 4;
      words[i] = ((raw[i] << 24) | (raw[count + i] << 16) | (raw[2 * count + i] << 8) | (nibble << 4)) >>> 0;
    }
    return new Float32Array(words.buffer);
  }

  function part(weights, ref) {
    return weights.subarray(ref[0], ref[0] + ref[1]);
  }

  // TensorFlow의 "same" 패딩: 출력 크기와 앞쪽 패딩
  function samePadding(size, kernel, stride) {
    const out = Math.ceil(size / stride);
    return [out, Math.floor(Math.max((out - 1) * stride + kernel - size, 0) / 2)];
  }

  function dense(x, spec, w) {
    const kernel = part(w, spec.kernel);
    const n = x.data.length;
    const units = spec.units;
    const y = new Float64Array(units);
    if (spec.bias) y.set(part(w, spec.bias));
    for (let i = 0; i < n; i++) {
      const xi = x.data[i];
      if (xi === 0) continue;
      const row = i * units;
      for (let j = 0; j < units; j++) y[j] += xi * kernel[row + j];
    }
    return { data: y, shape: [units] };
  }

  function withBias(size, channels, spec, w) {
    const y = new Float64Array(size * channels);
    if (spec.bias) {
      const bias = part(w, spec.bias);
      for (let p = 0; p < size; p++) y.set(bias, p * channels);
    }
    return y;
  }

  // 합성곱: 커널 (kh, kw, 입력, 출력)
  function conv(x, spec, w) {
    const [h, wd, cin] = x.shape;
    const [kh, kw] = spec.kernel_size;
    const [sh, sw] = spec.strides;
    const cout = spec.filters;
    const kernel = part(w, spec.kernel);
    let oh, ow, top, left;
    if (spec.padding === "same") {
      [oh, top] = samePadding(h, kh, sh);
      [ow, left] = samePadding(wd, kw, sw);
    } else {
      [oh, ow, top, left] = [Math.floor((h - kh) / sh) + 1, Math.floor((wd - kw) / sw) + 1, 0, 0];
    }
    const y = withBias(oh * ow, cout, spec, w);
    for (let oy = 0; oy < oh; oy++) {
      for (let ox = 0; ox < ow; ox++) {
        const out = (oy * ow + ox) * cout;
        for (let ky = 0; ky < kh; ky++) {
          const iy = oy * sh + ky - top;
          if (iy < 0 || iy >= h) continue;
          for (let kx = 0; kx < kw; kx++) {
            const ix = ox * sw + kx - left;
            if (ix < 0 || ix >= wd) continue;
            const input = (iy * wd + ix) * cin;
            const k = (ky * kw + kx) * cin * cout;
            for (let ci = 0; ci < cin; ci++) {
              const v = x.data[input + ci];
              if (v === 0) continue;
              const row = k + ci * cout;
              for (let co = 0; co < cout; co++) y[out + co] += v * kernel[row + co];
            }
          }
        }
      }
    }
    return { data: y, shape: [oh, ow, cout] };
  }

  // --8<-- [start:conv_transpose]
  // 전치 합성곱: 입력 픽셀 하나가 출력의 kh×kw 영역에 커널을 곱해 더합니다. 커널 (kh, kw, 출력, 입력)
  function convTranspose(x, spec, w) {
    const [h, wd, cin] = x.shape;
    const [kh, kw] = spec.kernel_size;
    const [sh, sw] = spec.strides;
    const cout = spec.filters;
    const kernel = part(w, spec.kernel);
    const same = spec.padding === "same";
    const oh = same ? h * sh : h * sh + Math.max(kh - sh, 0);
    const ow = same ? wd * sw : wd * sw + Math.max(kw - sw, 0);
    const top = same ? Math.floor(Math.max(kh - sh, 0) / 2) : 0;
    const left = same ? Math.floor(Math.max(kw - sw, 0) / 2) : 0;
    const y = withBias(oh * ow, cout, spec, w);
    for (let iy = 0; iy < h; iy++) {
      for (let ix = 0; ix < wd; ix++) {
        const input = (iy * wd + ix) * cin;
        for (let ky = 0; ky < kh; ky++) {
          const oy = iy * sh + ky - top;
          if (oy < 0 || oy >= oh) continue;
          for (let kx = 0; kx < kw; kx++) {
            const ox = ix * sw + kx - left;
            if (ox < 0 || ox >= ow) continue;
            const out = (oy * ow + ox) * cout;
            const k = (ky * kw + kx) * cout * cin;
            for (let co = 0; co < cout; co++) {
              let sum = 0;
              const row = k + co * cin;
              for (let ci = 0; ci < cin; ci++) sum += x.data[input + ci] * kernel[row + ci];
              y[out + co] += sum;
            }
          }
        }
      }
    }
    return { data: y, shape: [oh, ow, cout] };
  }
  // --8<-- [end:conv_transpose]

  // 추론 모드의 배치 정규화: 마지막 축(채널)마다 x · scale + shift
  function affine(x, spec, w) {
    const scale = part(w, spec.scale);
    const shift = part(w, spec.shift);
    const c = scale.length;
    const y = new Float64Array(x.data.length);
    for (let i = 0; i < y.length; i++) y[i] = x.data[i] * scale[i % c] + shift[i % c];
    return { data: y, shape: x.shape };
  }

  function map(f) {
    return (x) => ({ data: x.data.map(f), shape: x.shape });
  }

  function reshape(x, spec) {
    const size = spec.shape.reduce((a, b) => a * b, 1);
    if (size !== x.data.length) throw new Error(`reshape: ${x.data.length}개를 ${spec.shape}로 바꿀 수 없습니다`);
    return { data: x.data, shape: spec.shape.slice() };
  }

  const LAYERS = {
    dense,
    conv,
    conv_transpose: convTranspose,
    affine,
    relu: map((v) => (v > 0 ? v : 0)),
    leaky_relu: (x, spec) => map((v) => (v > 0 ? v : spec.slope * v))(x),
    tanh: map(Math.tanh),
    sigmoid: map((v) => 1 / (1 + Math.exp(-v))),
    reshape,
    flatten: (x) => ({ data: x.data, shape: [x.data.length] }),
  };

  // 층 설명과 디코딩한 가중치로 생성자를 만듭니다. generate(z)는 출력 픽셀(Float64Array)을 돌려줍니다.
  // 조건부 생성자(description.labels가 있음)는 generate(z, label): z 뒤에 레이블 임베딩 e(label)을 붙입니다.
  function build(description, weights) {
    if (description.format !== FORMAT) throw new Error(`모르는 형식입니다: ${description.format}`);
    for (const spec of description.layers) {
      if (!(spec.type in LAYERS)) throw new Error(`모르는 층입니다: ${spec.type}`);
    }
    const labels = description.labels;
    const table = labels ? part(weights, labels.table) : null;
    const width = labels ? table.length / labels.count : 0;
    function input(z, label) {
      if (!labels) return Float64Array.from(z);
      if (!(Number.isInteger(label) && label >= 0 && label < labels.count)) {
        throw new Error(`레이블은 0부터 ${labels.count - 1} 사이의 정수여야 합니다: ${label}`);
      }
      const x = new Float64Array(z.length + width);
      x.set(z);
      x.set(table.subarray(label * width, (label + 1) * width), z.length);
      return x;
    }
    return {
      inputSize: description.input_size,
      outputShape: description.output_shape,
      labelCount: labels ? labels.count : 0,
      generate(z, label) {
        if (z.length !== description.input_size) {
          throw new Error(`z의 길이가 ${description.input_size}가 아닙니다: ${z.length}`);
        }
        let x = { data: input(z, label), shape: [z.length + width] };
        for (const spec of description.layers) x = LAYERS[spec.type](x, spec, weights);
        return x.data;
      },
    };
  }

  // generator.json의 내용과 generator.bin(바이트 또는 fetch 응답의 body)으로 생성자를 만듭니다.
  async function load(description, source) {
    return build(description, await decodeWeights(source, description.weights.count));
  }

  return { FORMAT, load, build, decodeWeights };
});
