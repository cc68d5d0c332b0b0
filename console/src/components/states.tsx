import { Alert, Center, Loader, Text } from '@mantine/core';
import { ApiError } from '../api/client';

/** A failed request as the guide reports it: code, message, recommended action. */
export function ErrorState({ error }: { error: unknown }) {
  const problem = error instanceof ApiError ? error.problem : { title: error instanceof Error ? error.message : String(error), status: 0 };
  return (
    <Alert color="red" title={problem.code ? `${problem.code}: ${problem.title}` : problem.title} role="alert">
      {'detail' in problem && problem.detail && <Text size="sm">{problem.detail}</Text>}
      {'errors' in problem && problem.errors?.map((e) => <Text size="sm" key={e.field}>{`${e.field}: ${e.message}`}</Text>)}
      {'recommendedAction' in problem && problem.recommendedAction && <Text size="sm" fw={600}>{`Recommended action: ${problem.recommendedAction}`}</Text>}
    </Alert>
  );
}

/** Names of the pager's previous/next/first/last buttons (icons only otherwise). */
export const paginationLabels = (control: 'first' | 'previous' | 'last' | 'next') => ({ 'aria-label': `${control} page` });

export function LoadingState({ label }: { label: string }) {
  return (
    <Center p="xl" aria-busy="true">
      <Loader aria-label={label} />
    </Center>
  );
}

export function EmptyState({ children }: { children: string }) {
  return (
    <Text p="md">
      {children}
    </Text>
  );
}
