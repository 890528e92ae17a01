// The browser floor of the on-air output and the template (README, "On air"): every
// browser API and syntax they use must exist in Chromium 103 (OBS 30's browser source)
// and so in CasparCG 2.4's Chromium 117. package.json's browserslist names the floor.
import compat from "eslint-plugin-compat";
import globals from "globals";

export default [
  { ignores: [".venv/**", "node_modules/**", "staticfiles/**"] },
  {
    files: ["static/overlay/overlay.js", "static/socket.js", "static/vocabulary.js"],
    plugins: { compat },
    languageOptions: {
      ecmaVersion: 2021, // Chromium 103 runs ES2021 (and some of 2022): nothing newer here
      sourceType: "script",
      globals: { ...globals.browser },
    },
    settings: { lintAllEsApis: true },
    rules: {
      "compat/compat": "error",
      "no-undef": "error",
    },
  },
];
