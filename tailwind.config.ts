import type { Config } from "tailwindcss";

// Design tokens. Loaded by app/globals.css through Tailwind 4's @config.
// The primary colour is green: the help page tells users to press
// "le bouton vert", so every primary button must be the same green.
const config: Config = {
  content: ["./app/**/*.{ts,tsx}", "./components/**/*.{ts,tsx}", "./emails/**/*.{ts,tsx}"],
  theme: {
    extend: {
      colors: {
        primary: {
          DEFAULT: "#15803d",
          hover: "#166534",
          soft: "#dcfce7",
          contrast: "#ffffff",
        },
        focus: "#1d4ed8",
        danger: { DEFAULT: "#b91c1c", soft: "#fef2f2", border: "#fca5a5" },
        notice: { DEFAULT: "#166534", soft: "#f0fdf4", border: "#86efac" },
        warning: { DEFAULT: "#92400e", soft: "#fffbeb", border: "#fcd34d" },
        ink: { DEFAULT: "#111827", muted: "#4b5563", subtle: "#6b7280" },
        line: "#d1d5db",
        surface: "#ffffff",
        canvas: "#f9fafb",
      },
      fontFamily: {
        sans: [
          "system-ui",
          "-apple-system",
          "Segoe UI",
          "Roboto",
          "Ubuntu",
          "Cantarell",
          "Noto Sans",
          "Helvetica Neue",
          "Arial",
          "sans-serif",
        ],
      },
      maxWidth: { form: "28rem", article: "46rem" },
      borderRadius: { control: "0.5rem" },
    },
  },
};

export default config;
