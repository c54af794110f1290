export { markdownTable, saveFigure, showHtml, showMarkdown, showPng, showSvg } from './display';
export { LiveProgress } from './progress';
export { showPlotly } from './plotly';
export { showDecoderExplorer } from './explorer';
export { check, checkShape } from './self-check';
export type { CheckRange, CheckResult } from './self-check';
export { runTimeLine, showRunTimes } from './run-times';
export { checkYourTurn, notDoneYet } from './your-turn';
