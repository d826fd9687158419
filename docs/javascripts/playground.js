// 직접 해 보기 페이지: 빌드 때 내보낸 DCGAN 생성자(generator.json, generator.bin)와 잠재 방향
// (playground.json)을 불러, 슬라이더와 버튼으로 고른 z의 그림을 캔버스에 그립니다.
// 첫 그림을 그린 뒤 checks.json(빌드 때 Keras가 계산한 출력)과 이 브라우저의 계산을 비교해 보여 줍니다.
// 테스트와 개발자 도구를 위해 window.ganPlayground를 둡니다:
//   ready (첫 그림까지 끝나면 풀리는 Promise), generate(z) → 픽셀 배열, latent() → 지금의 z,
//   firstImageMs, draws,
//   checked (Keras와의 비교가 끝나면 { count, maxAbs }로 풀리는 Promise),
//   loadConditional() (조건부 GAN을 불러 숫자 단추를 켜고 검산합니다 → { count, maxAbs };
//   첫 화면을 가볍게 하려고 누를 때만 받습니다)
(function () {
  "use strict";

  const root = document.getElementById("gan-playground");
  if (!root) return;
  const $ = (selector) => root.querySelector(selector);
  const api = { ready: null, checked: null, generate: null, firstImageMs: null, draws: 0 };
  window.ganPlayground = api;

  // 재현되는 난수: 같은 순서로 누르면 같은 z가 나옵니다 (mulberry32 + 박스-뮬러)
  let seed = 1;
  function uniform() {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  function normalVector(size) {
    return Array.from({ length: size }, () => {
      const u = 1 - uniform();
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * uniform());
    });
  }

  // 구면 보간(slerp): gan_tutorial.lab.latent.interpolate와 같은 식 (두 벡터가 평행하면 직선)
  function slerp(a, b, t) {
    const dot = a.reduce((s, v, i) => s + v * b[i], 0);
    const norms = Math.hypot(...a) * Math.hypot(...b);
    const omega = norms > 0 ? Math.acos(Math.min(1, Math.max(-1, dot / norms))) : 0;
    const sin = Math.sin(omega);
    const [wa, wb] =
      sin > 1e-6 ? [Math.sin((1 - t) * omega) / sin, Math.sin(t * omega) / sin] : [1 - t, t];
    return a.map((v, i) => wa * v + wb * b[i]);
  }

  // [−1, 1] 픽셀을 회색조로 (학습 데이터처럼 검은 바탕에 흰 글씨)
  function draw(canvas, pixels, [height, width]) {
    const context = canvas.getContext("2d");
    const image = context.createImageData(width, height);
    for (let i = 0; i < height * width; i++) {
      const gray = Math.round(Math.min(1, Math.max(0, (pixels[i] + 1) / 2)) * 255);
      image.data.set([gray, gray, gray, 255], 4 * i);
    }
    context.putImageData(image, 0, 0);
  }

  // 걸린 시간은 performance.mark로 남깁니다 (개발자 도구의 성능 탭과 테스트가 읽습니다)
  async function loadGenerator(folder) {
    const [description, response] = await Promise.all([
      fetchOk(`${folder}generator.json`, "json"),
      fetchOk(`${folder}generator.bin`, null),
    ]);
    performance.mark(`gp-${folder}fetched`);
    const generator = await GanGenerator.load(description, response.body); // 받으면서 풉니다
    performance.mark(`gp-${folder}decoded`);
    const size = Number(response.headers.get("content-length"));
    return { description, size, generator };
  }

  async function fetchOk(name, kind) {
    const response = await fetch(name);
    if (!response.ok) throw new Error(`${name}을(를) 받지 못했습니다 (HTTP ${response.status})`);
    return kind ? response[kind]() : response;
  }

  async function start() {
    const [{ description, size, generator }, page] = await Promise.all([
      loadGenerator(""),
      fetchOk("playground.json", "json"),
    ]);
    const shape = description.output_shape;
    api.generate = (z) => Array.from(generator.generate(z));

    const canvas = $("#gp-canvas");
    // z = 잡음 + code_scale·e_code (gan_tutorial.prior: 코드가 없는 생성자면 code는 null)
    const codeCount = page.codes || 0;
    // 코드 칸에 sign·code_scale을 더한 복사본: +1이면 잡음 → z, −1이면 z → 잡음
    function shiftCode(z, code, sign) {
      return z.map((v, i) => (i === code ? v + sign * page.code_scale : v));
    }
    const withCode = (noise, code) => shiftCode(noise, code, 1);
    const splitCode = (z, code) => shiftCode(z, code, -1);
    function randomCode() {
      return codeCount ? Math.min(codeCount - 1, Math.floor(uniform() * codeCount)) : null;
    }
    const exampleCodes = page.example_codes || page.examples.map(() => null);
    let noise = splitCode(page.examples[0], exampleCodes[0]);
    let code = exampleCodes[0];
    let base = withCode(noise, code);
    const amounts = page.directions.map(() => 0);

    function currentZ() {
      return base.map((v, i) => page.directions.reduce((s, d, k) => s + amounts[k] * d[i], v));
    }
    api.latent = () => currentZ();
    let conditional = null; // 불러온 뒤: { generator, label }
    // 조건부 GAN은 코드 없이(표준 정규분포 z로) 배웠으므로 코드를 뺀 z(plain)를 받습니다
    function redraw(z = currentZ(), plain = splitCode(z, code)) {
      draw(canvas, generator.generate(z), shape);
      if (conditional) draw($("#gp-cgan-canvas"), conditional.generator.generate(plain, conditional.label), shape);
      api.draws += 1;
    }
    // 슬라이더는 1초에 수십 번 값을 바꿉니다: 화면을 그리는 때마다 한 번만 다시 계산합니다
    let pending = false;
    function redrawSoon() {
      if (pending) return;
      pending = true;
      requestAnimationFrame(() => {
        pending = false;
        redraw();
      });
    }

    const sliders = page.directions.map((_, k) => {
      const label = document.createElement("label");
      label.className = "gp-slider";
      label.innerHTML = `<span>방향 ${k + 1}</span><input type="range" min="-4" max="4" step="0.1" value="0"><output>0.0</output>`;
      const input = label.querySelector("input");
      input.setAttribute("aria-label", `잠재 방향 ${k + 1}로 옮긴 거리`);
      input.addEventListener("input", () => {
        amounts[k] = Number(input.value);
        label.querySelector("output").textContent = amounts[k].toFixed(1);
        redrawSoon();
      });
      $("#gp-sliders").append(label);
      return input;
    });
    function resetSliders() {
      amounts.fill(0);
      sliders.forEach((input) => {
        input.value = "0";
        input.parentElement.querySelector("output").textContent = "0.0";
      });
    }
    const codeButtons = Array.from({ length: codeCount }, (_, k) => {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "md-button gp-code";
      button.textContent = String(k);
      button.addEventListener("click", () => setBase(noise, k));
      $("#gp-codes").append(button);
      return button;
    });
    $("#gp-code-row").hidden = codeCount === 0;
    function markCode() {
      codeButtons.forEach((b, k) => b.setAttribute("aria-pressed", String(k === code)));
    }
    markCode();
    function setBase(newNoise, newCode) {
      [noise, code] = [newNoise, newCode];
      base = withCode(noise, code);
      markCode();
      resetSliders();
      redraw();
    }
    // 학습 때와 같은 분포에서 z 하나: 표준 정규분포 잡음(과 고르게 고른 코드)
    function newLatent() {
      return [normalVector(generator.inputSize), randomCode()];
    }

    $("#gp-new").addEventListener("click", () => setBase(...newLatent()));
    $("#gp-reset").addEventListener("click", () => {
      resetSliders();
      redraw();
    });

    // 보간 재생: 지금 z에서 새 z까지 구면 보간으로 2초 동안 움직입니다
    let walking = false;
    $("#gp-walk").addEventListener("click", () => {
      if (walking) return;
      walking = true;
      const from = currentZ();
      const fromPlain = splitCode(from, code);
      const [toNoise, toCode] = newLatent();
      const to = withCode(toNoise, toCode);
      const started = performance.now();
      function frame(now) {
        const t = Math.min(1, (now - started) / 2000);
        redraw(slerp(from, to, t), slerp(fromPlain, toNoise, t));
        if (t < 1) requestAnimationFrame(frame);
        else {
          walking = false;
          setBase(toNoise, toCode);
        }
      }
      requestAnimationFrame(frame);
    });

    // 조건부 GAN: 지금의 z 그대로, 단추로 고른 숫자를 그립니다
    api.loadConditional = async () => {
      $("#gp-cgan-load").disabled = true;
      const loaded = await loadGenerator("cgan/");
      conditional = { generator: loaded.generator, label: 0 };
      for (let label = 0; label < loaded.generator.labelCount; label++) {
        const button = document.createElement("button");
        button.type = "button";
        button.className = "md-button gp-digit";
        button.textContent = String(label);
        button.setAttribute("aria-pressed", String(label === 0));
        button.addEventListener("click", () => {
          conditional.label = label;
          $("#gp-digits").querySelectorAll("button").forEach((b, i) => {
            b.setAttribute("aria-pressed", String(i === label));
          });
          redraw();
        });
        $("#gp-digits").append(button);
      }
      $("#gp-cgan-load").hidden = true;
      $("#gp-cgan").hidden = false;
      redraw();
      return check("cgan/", loaded.generator, "#gp-cgan-status", "조건부 GAN");
    };
    $("#gp-cgan-load").addEventListener("click", () => {
      api.loadConditional().catch(fail("#gp-cgan-status", "조건부 GAN을 불러오지 못했습니다"));
    });

    redraw();
    performance.mark("gp-drawn");
    // 브라우저가 첫 그림을 화면에 그릴 때까지 기다린 시각을 잽니다 (다음 프레임 뒤)
    await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
    api.firstImageMs = performance.now();
    // 첫 그림을 보여 준 뒤에 예시 z의 작은 그림들을 그립니다
    page.examples.forEach((z, i) => {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "gp-example";
      button.title = "이 z에서 시작";
      const thumbnail = document.createElement("canvas");
      [thumbnail.height, thumbnail.width] = shape;
      draw(thumbnail, generator.generate(z), shape);
      button.append(thumbnail);
      button.addEventListener("click", () => setBase(splitCode(z, exampleCodes[i]), exampleCodes[i]));
      $("#gp-examples").append(button);
    });

    root.classList.add("gp-ready");
    $("#gp-status").textContent =
      `가중치 ${description.weights.count.toLocaleString("ko-KR")}개` +
      (size ? `(파일 ${(size / 1e6).toFixed(2)} MB)` : "") +
      "를 불러와 " +
      `페이지를 연 뒤 ${Math.round(api.firstImageMs)}ms에 첫 그림을 그렸습니다.`;
    return generator;
  }

  // 빌드 때 Keras가 계산한 출력(folder의 checks.json)과 이 브라우저의 계산을 비교해 where에 씁니다
  async function check(folder, generator, where, name) {
    const checks = await fetchOk(`${folder}checks.json`, "json");
    let maxAbs = 0;
    checks.z.forEach((z, i) => {
      const pixels = generator.generate(z, checks.labels ? checks.labels[i] : undefined);
      checks.images[i].forEach((value, j) => {
        maxAbs = Math.max(maxAbs, Math.abs(pixels[j] - value));
      });
    });
    $(where).textContent =
      `${name} 검산: z ${checks.z.length}개에서 Keras 출력과의 최대 차이 ${maxAbs.toExponential(1)} ` +
      `(픽셀 범위 −1~1, 허용 1e-4).`;
    return { count: checks.z.length, maxAbs };
  }

  function fail(where, what) {
    return (error) => {
      $(where).textContent = `${what}: ${error.message}`;
      throw error;
    };
  }
  api.ready = start().catch(fail("#gp-status", "생성자를 불러오지 못했습니다"));
  api.checked = api.ready
    .then((generator) => check("", generator, "#gp-check", "DCGAN"))
    .catch(fail("#gp-check", "검산하지 못했습니다"));
})();
