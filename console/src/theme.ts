import { createTheme } from '@mantine/core';

/** Mantine's defaults, with a primary shade dark enough for AA contrast of white text on buttons. */
export const theme = createTheme({ primaryColor: 'blue', primaryShade: 8, fontFamily: 'system-ui, sans-serif' });
