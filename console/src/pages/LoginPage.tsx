import { Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { api, data } from '../api/client';
import { beginLogin } from '../auth/pkce';
import { useSession, type Role } from '../auth/session';
import { ErrorState, LoadingState } from '../components/states';

export const redirectUri = (): string => `${location.origin}/console/callback`;

export function LoginPage() {
  const { login } = useSession();
  const config = useQuery({ queryKey: ['console-config'], queryFn: () => data(api.GET('/api/v1/console/config')) });
  const devLogin = useMutation({
    mutationFn: (role: Role) => data(api.POST('/api/v1/console/dev-token', { body: { role } })),
    onSuccess: (token) => login(token.accessToken, config.data?.rolesClaim),
  });
  const oidc = useMutation({
    mutationFn: async () => {
      location.assign(await beginLogin(config.data!.oidc!, redirectUri()));
    },
  });
  return (
    <Paper maw={420} mx="auto" mt="xl" p="xl" withBorder>
      <Stack>
        <Title order={1}>smartlic console</Title>
        <Text size="sm">Smart Licensing fulfilment for Cisco HCS.</Text>
        {config.isPending ? (
          <LoadingState label="Loading login settings" />
        ) : config.isError ? (
          <ErrorState error={config.error} />
        ) : (
          <>
            {config.data.oidc && <Button onClick={() => oidc.mutate()}>Sign in</Button>}
            {config.data.devLogin && (
              <Stack gap="xs">
                <Text fw={600}>Development login</Text>
                <Group>
                  {(['viewer', 'operator', 'admin'] as const).map((role) => (
                    <Button key={role} variant="light" onClick={() => devLogin.mutate(role)}>
                      {`Log in as ${role}`}
                    </Button>
                  ))}
                </Group>
              </Stack>
            )}
            {!config.data.oidc && !config.data.devLogin && <Text>No login is configured: set CONSOLE_OIDC_CLIENT_ID (oidc) or CONSOLE_DEV_LOGIN=true (local).</Text>}
          </>
        )}
        {devLogin.isError && <ErrorState error={devLogin.error} />}
        {oidc.isError && <ErrorState error={oidc.error} />}
      </Stack>
    </Paper>
  );
}
