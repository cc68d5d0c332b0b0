{{/* The six services: values key → service name (image command, NATS user, Postgres URL key). */}}
{{- define "smartlic.services" -}}
gateway: gateway
sync: sync
registration: registration
licenseMode: license-mode
appAdapter: app-adapter
reporting: reporting
{{- end -}}

{{- define "smartlic.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "smartlic.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "smartlic.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
app.kubernetes.io/name: {{ include "smartlic.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: smartlic
{{- end -}}

{{/* Selector labels of one service: (dict "root" $ "name" $name) */}}
{{- define "smartlic.selectorLabels" -}}
app.kubernetes.io/name: {{ include "smartlic.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .name }}
{{- end -}}

{{- define "smartlic.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "smartlic.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* Image of one service: (dict "root" $ "svc" $svc) */}}
{{- define "smartlic.image" -}}
{{- $repository := default .root.Values.image.repository .svc.image.repository -}}
{{- $tag := default (default .root.Chart.AppVersion .root.Values.image.tag) .svc.image.tag -}}
{{- printf "%s:%s" $repository $tag -}}
{{- end -}}

{{/*
Environment of one service, shared by its Deployment and its migrations Job: (dict "root" $ "svc" $svc "name" $name).
Secrets only by reference (secretKeyRef, envFrom).
*/}}
{{- define "smartlic.env" -}}
{{- $root := .root -}}
- name: PORT
  value: {{ .svc.port | quote }}
- name: HOST
  value: "0.0.0.0"
- name: MANAGEMENT_PORT
  value: {{ $root.Values.managementPort | quote }}
- name: DATABASE_URL
  valueFrom:
    secretKeyRef:
      name: {{ required "postgres.existingSecret is required: a Secret with one DATABASE_URL per service" $root.Values.postgres.existingSecret }}
      key: {{ printf "%s%s" $root.Values.postgres.urlKeyPrefix .name }}
- name: NATS_URL
  value: {{ $root.Values.nats.url | quote }}
- name: NATS_STREAM_REPLICAS
  value: {{ $root.Values.nats.streamReplicas | default 1 | quote }}
- name: NATS_USER
  value: {{ .name | quote }}
- name: NATS_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ required "nats.existingSecret is required: a Secret with one NATS password per service" $root.Values.nats.existingSecret }}
      key: {{ printf "%s%s" $root.Values.nats.passwordKeyPrefix .name }}
{{- if .svc.encryptionKeys }}
- name: SMARTLIC_ENCRYPTION_KEYS
  valueFrom:
    secretKeyRef:
      name: {{ required "encryption.existingSecret is required: the AES-256-GCM key ring" $root.Values.encryption.existingSecret }}
      key: {{ $root.Values.encryption.key }}
{{- end }}
- name: LOG_LEVEL
  value: {{ $root.Values.logLevel | quote }}
{{- if $root.Values.otel.endpoint }}
- name: OTEL_EXPORTER_OTLP_ENDPOINT
  value: {{ $root.Values.otel.endpoint | quote }}
{{- end }}
- name: OTEL_METRIC_EXPORT_INTERVAL
  value: {{ $root.Values.otel.metricExportInterval | quote }}
- name: SHUTDOWN_GRACE_MS
  value: {{ mul (sub $root.Values.terminationGracePeriodSeconds 5) 1000 | quote }}
{{- if eq .name "gateway" }}
{{- with $root.Values.console.oidc }}
{{- if .issuer }}
- name: AUTH_ISSUER
  value: {{ .issuer | quote }}
{{- end }}
{{- if .jwksUrl }}
- name: AUTH_JWKS_URL
  value: {{ .jwksUrl | quote }}
{{- end }}
{{- if .audience }}
- name: AUTH_AUDIENCE
  value: {{ .audience | quote }}
{{- end }}
{{- if .clientId }}
- name: CONSOLE_OIDC_CLIENT_ID
  value: {{ .clientId | quote }}
{{- end }}
- name: AUTH_ROLES_CLAIM
  value: {{ .rolesClaim | quote }}
{{- end }}
{{- end }}
{{- range $key, $value := .svc.env }}
- name: {{ $key }}
  value: {{ $value | quote }}
{{- end }}
{{- end -}}

{{- define "smartlic.envFrom" -}}
{{- if .svc.existingSecret }}
envFrom:
  - secretRef:
      name: {{ .svc.existingSecret }}
{{- end }}
{{- end -}}

{{/*
checksum/secret of the existing Secrets a service reads, so that rotating one and running `helm upgrade` rolls the
pods (lookup sees the live cluster; `helm template` renders the checksum of nothing).
*/}}
{{- define "smartlic.secretChecksum" -}}
{{- $root := .root -}}
{{- $ns := $root.Release.Namespace -}}
{{- $names := list $root.Values.postgres.existingSecret $root.Values.nats.existingSecret -}}
{{- if .svc.encryptionKeys }}{{- $names = append $names $root.Values.encryption.existingSecret -}}{{- end -}}
{{- if .svc.existingSecret }}{{- $names = append $names .svc.existingSecret -}}{{- end -}}
{{- $data := list -}}
{{- range $names }}{{- $data = append $data (get (lookup "v1" "Secret" $ns .) "data") -}}{{- end -}}
{{- $data | toJson | sha256sum -}}
{{- end -}}
