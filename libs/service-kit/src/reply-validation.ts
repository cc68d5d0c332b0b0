/**
 * Whether a service's CommandClient checks replies against their contracts: always in tests and development;
 * in production (NODE_ENV=production, as the image sets) unless COMMAND_REPLY_VALIDATION=false saves the check.
 */
export const validatesCommandReplies = (environment: Readonly<Record<string, string | undefined>>, configured: boolean): boolean =>
  environment.NODE_ENV !== 'production' || configured;
