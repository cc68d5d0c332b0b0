import { createTheme, InputWrapper, Modal } from '@mantine/core';

/**
 * Mantine's defaults, with a primary shade dark enough for AA contrast (axe-core checks it in the browser tests) of
 * white text on buttons and active links, input descriptions darker than Mantine's dimmed grey (3.3:1 on white), and
 * a name for the dialogs' close button (an icon only otherwise).
 */
export const theme = createTheme({
  primaryColor: 'blue',
  primaryShade: 9,
  fontFamily: 'system-ui, sans-serif',
  components: {
    InputWrapper: InputWrapper.extend({ styles: { description: { color: 'var(--mantine-color-gray-7)' } } }),
    Modal: Modal.extend({ defaultProps: { closeButtonProps: { 'aria-label': 'Close dialog' } } }),
  },
});
