import { createTheme } from '@mantine/core';

/** Mantine's defaults, with a primary shade dark enough for AA contrast (axe-core checks it in the browser tests) of white text on buttons and active links. */
export const theme = createTheme({ primaryColor: 'blue', primaryShade: 9, fontFamily: 'system-ui, sans-serif' });
