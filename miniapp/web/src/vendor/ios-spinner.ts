// telegram-ui's Spinner draws iOS's spinner as three inline SVGs of 7 KB each, and every Button
// imports it (its `loading` state), so they were 21 KB of the first screen's script (npm run bench).
// vite.config.ts points Spinner's import of IOSSpinner here: on iOS a loading button shows the same
// turning arc as on Android and in the browser.
export { BaseSpinner as IOSSpinner } from "@telegram-apps/telegram-ui/dist/components/Feedback/Spinner/components/BaseSpinner/BaseSpinner.js";
