import { useMutation, useQueryClient, type QueryKey } from '@tanstack/react-query';

/**
 * A form's save: runs `save`, then refreshes the queries it changed and closes the form (`onDone`). A refusal stays
 * on the mutation (`error`) for the form to show with its code and fields.
 */
export const useSave = <TVariables = void, TData = unknown>(save: (variables: TVariables) => Promise<TData>, refresh: readonly QueryKey[], onDone: () => void) => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: save,
    onSuccess: () => {
      for (const queryKey of refresh) void queryClient.invalidateQueries({ queryKey });
      onDone();
    },
  });
};
