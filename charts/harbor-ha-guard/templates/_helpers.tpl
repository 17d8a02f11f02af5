{{/* Labels on every object; the selector labels stay the kustomize install's one label. */}}
{{- define "guard.labels" -}}
app.kubernetes.io/name: harbor-ha-guard
{{ include "guard.chartLabels" . }}
{{- end }}

{{/* The chart's own labels, for objects named otherwise (the Redis HAProxy). */}}
{{- define "guard.chartLabels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
{{- end }}

{{- define "guard.image" -}}
{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}
{{- end }}

{{/* Namespaces no webhook ever reviews: the cluster's own and the guard's. */}}
{{- define "guard.excludedNamespaces" -}}
{{- $always := list "kube-system" "kube-public" "kube-node-lease" .Release.Namespace -}}
{{- concat $always .Values.webhook.excludedNamespaces | uniq | toJson -}}
{{- end }}

{{/* The guard reads release records somewhere: cluster scope, or namespaces listed. */}}
{{- define "guard.watches" -}}
{{- if or (eq .Values.rbac.scope "cluster") .Values.rbac.namespaces }}true{{ end -}}
{{- end }}

{{/* Jobs are created only where a trigger runs. */}}
{{- define "guard.createsJobs" -}}
{{- if and .Values.jobs.trigger (include "guard.watches" .) }}true{{ end -}}
{{- end }}

{{- define "guard.caInjection" -}}
{{- if eq .Values.certificates.source "certManager" }}
annotations:
  cert-manager.io/inject-ca-from: {{ .Release.Namespace }}/harbor-ha-guard-serving
{{- end }}
{{- end }}

{{/* The cert-rotation job's pod, shared by the install Job and the daily CronJob. */}}
{{- define "guard.certRotatePod" -}}
serviceAccountName: harbor-ha-guard-cert-rotate
restartPolicy: OnFailure
securityContext: {runAsNonRoot: true, runAsUser: 185, seccompProfile: {type: RuntimeDefault}}
{{- with .Values.imagePullSecrets }}
imagePullSecrets: {{ toJson . }}
{{- end }}
containers:
  - name: cert-rotate
    image: {{ include "guard.image" . }}
    imagePullPolicy: {{ .Values.image.pullPolicy }}
    args: ["job", "cert-rotate", "--namespace", {{ .Release.Namespace | quote }}]
    resources: {requests: {cpu: 100m, memory: 256Mi}, limits: {memory: 384Mi}}
    securityContext:
      allowPrivilegeEscalation: false
      readOnlyRootFilesystem: true
      capabilities: {drop: ["ALL"]}
    volumeMounts: [{name: tmp, mountPath: /tmp}]
volumes: [{name: tmp, emptyDir: {}}]
{{- end }}

{{/* The guard's configuration file: every policy value that is set, nothing else. */}}
{{- define "guard.properties" -}}
{{- $v := .Values -}}
harbor-ha-guard.min-replicas={{ $v.policy.minReplicas }}
{{- with $v.policy.sharedStorageClasses }}
harbor-ha-guard.shared-storage-classes={{ join "," . }}
{{- end }}
{{- range $host, $max := $v.policy.databaseMaxConnections }}
harbor-ha-guard.database-max-connections."{{ $host }}"={{ $max }}
{{- end }}
{{- range $id, $mode := $v.policy.modes }}
harbor-ha-guard.mode."{{ $id }}"={{ if eq (toString $mode) "false" }}off{{ else }}{{ $mode }}{{ end }}
{{- end }}
{{- range $release, $rules := $v.policy.exemptions }}
{{- range $id, $e := $rules }}
harbor-ha-guard.exemption."{{ $release }}"."{{ $id }}".reason={{ $e.reason | replace "\\" "\\\\" }}
harbor-ha-guard.exemption."{{ $release }}"."{{ $id }}".expires={{ $e.expires }}
{{- end }}
{{- end }}
{{- range $group, $rules := $v.policy.groupExemptions }}
{{- range $id, $e := $rules }}
harbor-ha-guard.group-exemption."{{ $group }}"."{{ $id }}".reason={{ $e.reason | replace "\\" "\\\\" }}
harbor-ha-guard.group-exemption."{{ $group }}"."{{ $id }}".expires={{ $e.expires }}
{{- end }}
{{- end }}
{{- range $group, $namespaces := $v.haGroups }}
harbor-ha-guard.ha-group."{{ $group }}".namespaces={{ join "," $namespaces }}
{{- end }}
{{- $store := include "guard.haGroupStore" . | fromYaml }}
{{- if ne $store.store "kubernetes" }}
harbor-ha-guard.ha-group-store.store={{ $store.store }}
harbor-ha-guard.ha-group-store.jdbc-url={{ required "haGroupStore.postgresql.jdbcUrl is required with store postgresql" $store.postgresql.jdbcUrl }}
{{- with $store.postgresql.username }}
harbor-ha-guard.ha-group-store.username={{ . }}
{{- end }}
{{- if $store.postgresql.allowUnverifiedTls }}
harbor-ha-guard.ha-group-store.allow-unverified-tls=true
{{- end }}
{{- end }}
{{- with $store.timeout }}
harbor-ha-guard.ha-group-store.timeout={{ . }}
{{- end }}
{{- with $store.onFailure }}
harbor-ha-guard.ha-group-store.on-failure={{ . }}
{{- end }}
harbor-ha-guard.jobs.image={{ $v.jobs.image | default (include "guard.image" .) }}
{{- if not $v.jobs.trigger }}
harbor-ha-guard.jobs.trigger=false
{{- end }}
{{- with $v.jobs.serviceAccount }}
harbor-ha-guard.jobs.service-account={{ . }}
{{- end }}
{{- with $v.jobs.dbInitArgs }}
harbor-ha-guard.jobs.db-init-args={{ join "," . }}
{{- end }}
{{- with $v.audit.interval }}
harbor-ha-guard.audit.interval={{ . }}
{{- end }}
{{- with $v.audit.pause }}
harbor-ha-guard.audit.pause={{ . }}
{{- end }}
{{- if $v.audit.logEveryReview }}
harbor-ha-guard.audit.log-every-review=true
{{- end }}
{{- if eq $v.audit.page false }}
harbor-ha-guard.audit.page=false
{{- end }}
{{- with $v.namespaceLookup.cacheTtl }}
harbor-ha-guard.namespaces.cache-ttl={{ . }}
{{- end }}
{{- with $v.namespaceLookup.timeout }}
harbor-ha-guard.namespaces.lookup-timeout={{ . }}
{{- end }}
{{- if $v.namespaceOverrides.loosen }}
harbor-ha-guard.namespace-overrides.loosen=true
{{- end }}
{{- if $v.namespaceOverrides.exemptions }}
harbor-ha-guard.namespace-overrides.exemptions=true
{{- end }}
{{- with $v.harborChartNames }}
harbor-ha-guard.harbor-chart-names={{ join "," . }}
{{- end }}
{{- with $v.maxReleaseBytes }}
harbor-ha-guard.max-release-bytes={{ int64 . }}
{{- end }}
{{- with $v.reviewThreads }}
harbor-ha-guard.review-threads={{ int . }}
{{- end }}
{{- if not (kindIs "invalid" $v.inflateThreads) }}
harbor-ha-guard.inflate-threads={{ int $v.inflateThreads }}
{{- end }}
{{- with $v.requestReadTimeout }}
harbor-ha-guard.request-read-timeout={{ . }}
{{- end }}
{{- with $v.reviewDeadline }}
harbor-ha-guard.review-deadline={{ . }}
{{- end }}
{{- with $v.reviewQueue }}
harbor-ha-guard.review-queue={{ int . }}
{{- end }}
harbor-ha-guard.excluded-namespaces={{ include "guard.excludedNamespaces" . | fromJsonArray | join "," }}
{{- end }}

{{/*
The HA group store's values: haGroupStore, with what a values file still gives under its name
before, consistency, laid over it.
*/}}
{{- define "guard.haGroupStore" -}}
{{- $store := deepCopy .Values.haGroupStore }}
{{- with .Values.consistency }}
{{- $store = mergeOverwrite $store (deepCopy .) }}
{{- end }}
{{- toYaml $store }}
{{- end }}
