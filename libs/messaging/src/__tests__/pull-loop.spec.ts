import { parseDeliveryInfo } from '../pull-loop.js';

describe('parseDeliveryInfo (the ack subject of a pulled message)', () => {
  it('reads the 9-token form of nats-server 2.9', () => {
    expect(parseDeliveryInfo('$JS.ACK.NS_PROVISIONING.registration__provisioning.3.1042.17.1764300000000000000.5')).toEqual({
      domain: '',
      account_hash: '',
      stream: 'NS_PROVISIONING',
      consumer: 'registration__provisioning',
      deliveryCount: 3,
      redelivered: true,
      streamSequence: 1042,
      deliverySequence: 17,
      timestampNanos: 1764300000000000000,
      pending: 5,
    });
  });

  it('reads the 12-token form with domain and account hash', () => {
    const info = parseDeliveryInfo('$JS.ACK.hub.ACCHASH.S.C.1.7.7.1764300000000000000.0.xyz');
    expect(info).toMatchObject({ domain: 'hub', account_hash: 'ACCHASH', stream: 'S', consumer: 'C', deliveryCount: 1, redelivered: false, streamSequence: 7, pending: 0 });
  });

  it('refuses a subject that is not a JetStream delivery', () => {
    expect(() => parseDeliveryInfo('_INBOX.abc')).toThrow(/not a JetStream delivery/);
  });
});
