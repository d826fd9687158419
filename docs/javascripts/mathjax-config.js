// MathJax 3 설정: pymdownx.arithmatex의 수식과 노트북(mkdocs-jupyter)의 수식을 함께 조판합니다.
window.MathJax = {
  tex: {
    inlineMath: [["\\(", "\\)"], ["$", "$"]],
    displayMath: [["\\[", "\\]"], ["$$", "$$"]],
    processEscapes: true,
    processEnvironments: true,
  },
  options: {
    // 코드 블록 안의 $는 수식이 아닙니다.
    ignoreHtmlClass: "tex2jax_ignore|highlight|jp-OutputArea-output",
  },
  svg: { fontCache: "global" },
};
