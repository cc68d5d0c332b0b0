/**
 * The entitlement tag a simulated Unified CM reports for each license name of its usage (AXL getSmartLicenseStatus,
 * `LicenseStatus/Entitlement/Tag`). Written from Cisco's sources, not from smartlic:
 * - Enterprise mode: the tags of Cisco TechNote 212915 ("Configure CUCM Smart Licensing - Direct Model", the
 *   `show license summary` / `show license all` output of a Unified CM 12.0), verbatim.
 * - HCS mode: Cisco publishes no Unified CM HCS tag. The simulator uses the same `regid` form with the type names the
 *   guide's Smart Licensing reports give the HCS licenses (`HUCM_Foundation`, `HUCM_Standard`,
 *   `HUCM_TelePresenceRoom`) and placeholder UUIDs of its own.
 * Names with no tag here are reported with the name itself as tag.
 */
const CUCM_ENTITLEMENT_TAGS: Readonly<Record<string, string>> = {
  Essential: 'regid.2016-07.com.cisco.UCM_Essential,12.0_25f9c396-c67c-4519-aa98-d4b3ad18f805',
  Basic: 'regid.2016-07.com.cisco.UCM_Basic,12.0_ef827a2f-f4ae-4ebb-887f-052737063d3a',
  Enhanced: 'regid.2016-07.com.cisco.UCM_Enhanced,12.0_66d0d1cf-4863-4761-91d0-d01d3eb1949a',
  'Enhanced Plus': 'regid.2016-07.com.cisco.UCM_EnhancedPlus,12.0_d8372792-588c-4caa-b279-8587e5ce2f82',
  'Cisco Unified Workspace Licensing (UWL)': 'regid.2017-02.com.cisco.UCM_CUWL,12.0_cc59375a-1cd8-4b36-8366-6f4d2abba965',
  'Telepresence Room': 'regid.2016-07.com.cisco.UCM_TelePresenceRoom,12.0_d9a71418-29e9-4c9a-9d3a-1366ebe38e7c',
  'HCS Cisco UCM Foundation License': 'regid.2016-07.com.cisco.HUCM_Foundation,12.0_d954e719-ffe9-44df-9273-3f5e1269d635',
  'HCS Cisco UCM Standard License': 'regid.2016-07.com.cisco.HUCM_Standard,12.0_d61226c6-a864-4fe7-8c86-aaf16d704d67',
  'HCS Cisco UCM TelePresence Room License': 'regid.2016-07.com.cisco.HUCM_TelePresenceRoom,12.0_8a96f5ba-527d-48de-b2aa-483af6345d7b',
};

export const cucmEntitlementTag = (license: string): string => CUCM_ENTITLEMENT_TAGS[license] ?? license;
