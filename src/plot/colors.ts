/** The charts' categorical colours, in a module of their own so that page scripts can take them without Observable Plot. */

/** Observable Plot's "observable10" categorical scheme, given to Plotly too so a fallback SVG and its interactive figure agree. */
export const SERIES_COLORS: readonly string[] = ['#4269d0', '#efb118', '#ff725c', '#6cc5b0', '#3ca951', '#ff8ab7', '#a463f2', '#97bbf5', '#9c6b4e', '#9498a0'];
