// core/v1 Container and what hangs off it: ports, environment, resources, mounts, probes, lifecycle
// hooks, security contexts (container and pod level), and the container status.
#include "schemas.h"

namespace tugboat::apiserver::schemas {

namespace {

// The fields of Container, shared with EphemeralContainer (which adds targetContainerName).
const QList<Field> &containerFields()
{
    static const QList<Field> fields{
        {"args",
         listAtomic(strs("Arguments to the entrypoint. The image's CMD is used if this is not provided. Variable "
                         "references $(VAR_NAME) are expanded using the container's environment. Cannot be "
                         "updated. More info: https://kubernetes.io/docs/tasks/inject-data-application/"
                         "define-command-argument-container/#running-a-command-in-a-shell"))},
        {"command",
         listAtomic(strs("Entrypoint array. Not executed within a shell. The image's ENTRYPOINT is used if this "
                         "is not provided. Variable references $(VAR_NAME) are expanded using the container's "
                         "environment. Cannot be updated. More info: https://kubernetes.io/docs/tasks/"
                         "inject-data-application/define-command-argument-container/"
                         "#running-a-command-in-a-shell"))},
        {"env", byName(refs(core("EnvVar"), "List of environment variables to set in the container. Cannot be "
                                            "updated."))},
        {"envFrom",
         listAtomic(refs(core("EnvFromSource"),
                         "List of sources to populate environment variables in the container. The keys defined "
                         "within a source must be a C_IDENTIFIER. When a key exists in multiple sources, the "
                         "value associated with the last source will take precedence. Values defined by an Env "
                         "with a duplicate key will take precedence. Cannot be updated."))},
        {"image", str("Container image name. More info: https://kubernetes.io/docs/concepts/containers/images "
                      "This field is optional to allow higher level config management to default or override "
                      "container images in workload controllers like Deployments and StatefulSets.")},
        {"imagePullPolicy",
         oneOf("Image pull policy. One of Always, Never, IfNotPresent. Defaults to Always if :latest tag is "
               "specified, or IfNotPresent otherwise. Cannot be updated. More info: "
               "https://kubernetes.io/docs/concepts/containers/images#updating-images",
               {QStringLiteral("Always"), QStringLiteral("IfNotPresent"), QStringLiteral("Never")})},
        {"lifecycle", ref(core("Lifecycle"), "Actions that the management system should take in response to "
                                             "container lifecycle events. Cannot be updated.")},
        {"livenessProbe",
         ref(core("Probe"), "Periodic probe of container liveness. Container will be restarted if the probe "
                            "fails. Cannot be updated. More info: https://kubernetes.io/docs/concepts/"
                            "workloads/pods/pod-lifecycle#container-probes")},
        {"name", str("Name of the container specified as a DNS_LABEL. Each container in a pod must have a unique "
                     "name (DNS_LABEL). Cannot be updated.")},
        {"ports",
         listMap(patchMerge(refs(core("ContainerPort"),
                                 "List of ports to expose from the container. Not specifying a port here DOES "
                                 "NOT prevent that port from being exposed. Any port which is listening on the "
                                 "default \"0.0.0.0\" address inside a container will be accessible from the "
                                 "network. Cannot be updated."),
                            "containerPort"),
                 {QStringLiteral("containerPort"), QStringLiteral("protocol")})},
        {"readinessProbe",
         ref(core("Probe"), "Periodic probe of container service readiness. Container will be removed from "
                            "service endpoints if the probe fails. Cannot be updated. More info: "
                            "https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle#container-probes")},
        {"resizePolicy", listAtomic(refs(core("ContainerResizePolicy"), "Resources resize policy for the container."))},
        {"resources", ref(core("ResourceRequirements"),
                          "Compute Resources required by this container. Cannot be updated. More info: "
                          "https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/")},
        {"restartPolicy", str("RestartPolicy defines the restart behavior of individual containers in a pod. "
                              "This field may only "
                              "be set for init containers, and the only allowed value is \"Always\". Setting "
                              "the RestartPolicy "
                              "as \"Always\" for the init container makes it a sidecar: it keeps running "
                              "alongside the regular "
                              "containers.")},
        {"securityContext",
         ref(core("SecurityContext"),
             "SecurityContext defines the security options the container should be run with. If set, the "
             "fields of SecurityContext override the equivalent fields of PodSecurityContext. More info: "
             "https://kubernetes.io/docs/tasks/configure-pod-container/security-context/")},
        {"startupProbe",
         ref(core("Probe"), "StartupProbe indicates that the Pod has successfully initialized. If specified, no "
                            "other probes are executed until this completes successfully. If this probe "
                            "fails, the Pod will be restarted, just as if the livenessProbe failed. Cannot be "
                            "updated.")},
        {"stdin", boolean("Whether this container should allocate a buffer for stdin in the container runtime. "
                          "If this is not set, reads from stdin in the container will always result in EOF. "
                          "Default is false.")},
        {"stdinOnce", boolean("Whether the container runtime should close the stdin channel after it has been "
                              "opened by a single attach. Default is false")},
        {"terminationMessagePath",
         str("Optional: Path at which the file to which the container's termination message will be written "
             "is mounted into the container's filesystem. Defaults to /dev/termination-log. Cannot be "
             "updated.")},
        {"terminationMessagePolicy",
         oneOf("Indicate how the termination message should be populated. File will use the contents of "
               "terminationMessagePath to populate the container status message on both success and failure. "
               "FallbackToLogsOnError will use the last chunk of container log output if the termination "
               "message file is empty and the container exited with an error. Defaults to File. Cannot be "
               "updated.",
               {QStringLiteral("FallbackToLogsOnError"), QStringLiteral("File")})},
        {"tty", boolean("Whether this container should allocate a TTY for itself, also requires 'stdin' to be "
                        "true. Default is false.")},
        {"volumeDevices",
         listMap(patchMerge(refs(core("VolumeDevice"), "volumeDevices is the list of block devices to be used "
                                                       "by the container."),
                            "devicePath"),
                 {QStringLiteral("devicePath")})},
        {"volumeMounts",
         listMap(patchMerge(refs(core("VolumeMount"), "Pod volumes to mount into the container's filesystem. "
                                                      "Cannot be updated."),
                            "mountPath"),
                 {QStringLiteral("mountPath")})},
        {"workingDir", str("Container's working directory. If not specified, the container runtime's default "
                           "will be used, which might be configured in the container image. Cannot be "
                           "updated.")},
    };
    return fields;
}

void addContainer(SchemaSet &set)
{
    set.object(core("Container"), "A single application container that you want to run within a pod.",
               containerFields(), {QStringLiteral("name")});
    set.object(core("EphemeralContainer"),
               "An EphemeralContainer is a temporary container that you may add to an existing Pod for "
               "user-initiated activities such as debugging.",
               containerFields(), {QStringLiteral("name")});
    QJsonObject ephemeral = set.all().value(core("EphemeralContainer"));
    QJsonObject properties = ephemeral.value(QLatin1String("properties")).toObject();
    properties.insert(QStringLiteral("targetContainerName"),
                      str("If set, the name of the container from PodSpec that this ephemeral container "
                          "targets. The ephemeral container will be run in the namespaces (IPC, PID, etc) of "
                          "this container."));
    ephemeral.insert(QStringLiteral("properties"), properties);
    set.add(core("EphemeralContainer"), ephemeral);

    set.object(core("ContainerPort"), "ContainerPort represents a network port in a single container.",
               {
                   {"containerPort", i32("Number of port to expose on the pod's IP address. This must be a valid "
                                         "port number, 0 < x < 65536.")},
                   {"hostIP", str("What host IP to bind the external port to.")},
                   {"hostPort", i32("Number of port to expose on the host. If specified, this must be a valid "
                                    "port number, 0 < x < 65536. If HostNetwork is specified, this must match "
                                    "ContainerPort. Most containers do not need this.")},
                   {"name", str("If specified, this must be an IANA_SVC_NAME and unique within the pod. Each "
                                "named port in a pod must have a unique name. Name for the port that can be "
                                "referred to by services.")},
                   {"protocol", oneOf("Protocol for port. Must be UDP, TCP, or SCTP. Defaults to \"TCP\".",
                                      {QStringLiteral("SCTP"), QStringLiteral("TCP"), QStringLiteral("UDP")})},
               },
               {QStringLiteral("containerPort")});
    set.object(core("ContainerResizePolicy"),
               "ContainerResizePolicy represents resource resize policy for the "
               "container.",
               {
                   {"resourceName", str("Name of the resource to which this resource resize policy applies. "
                                        "Supported values: cpu, memory.")},
                   {"restartPolicy", str("Restart policy to apply when specified resource is resized. If not "
                                         "specified, it defaults to NotRequired.")},
               },
               {QStringLiteral("resourceName"), QStringLiteral("restartPolicy")});
}

void addEnvironment(SchemaSet &set)
{
    set.object(core("EnvVar"), "EnvVar represents an environment variable present in a Container.",
               {
                   {"name", str("Name of the environment variable. Must be a C_IDENTIFIER.")},
                   {"value", str("Variable references $(VAR_NAME) are expanded using the previously defined "
                                 "environment variables in the container and any service environment "
                                 "variables. Defaults to \"\".")},
                   {"valueFrom", ref(core("EnvVarSource"), "Source for the environment variable's value. Cannot "
                                                           "be used if value is not empty.")},
               },
               {QStringLiteral("name")});
    set.object(core("EnvVarSource"), "EnvVarSource represents a source for the value of an EnvVar.",
               {
                   {"configMapKeyRef", ref(core("ConfigMapKeySelector"), "Selects a key of a ConfigMap.")},
                   {"fieldRef", ref(core("ObjectFieldSelector"),
                                    "Selects a field of the pod: supports metadata.name, metadata.namespace, "
                                    "`metadata.labels['<KEY>']`, `metadata.annotations['<KEY>']`, "
                                    "spec.nodeName, spec.serviceAccountName, status.hostIP, status.podIP, "
                                    "status.podIPs.")},
                   {"resourceFieldRef", ref(core("ResourceFieldSelector"),
                                            "Selects a resource of the container: only resources limits and "
                                            "requests (limits.cpu, limits.memory, limits.ephemeral-storage, "
                                            "requests.cpu, requests.memory and requests.ephemeral-storage) are "
                                            "currently supported.")},
                   {"secretKeyRef", ref(core("SecretKeySelector"), "Selects a key of a secret in the pod's "
                                                                   "namespace")},
               });
    const char *optionalDoc = "Specify whether the ConfigMap or its key must be defined";
    set.object(core("ConfigMapKeySelector"), "Selects a key from a ConfigMap.",
               {
                   {"key", str("The key to select.")},
                   {"name", str("Name of the referent. More info: https://kubernetes.io/docs/concepts/overview/"
                                "working-with-objects/names/#names")},
                   {"optional", boolean(optionalDoc)},
               },
               {QStringLiteral("key")});
    set.object(core("SecretKeySelector"), "SecretKeySelector selects a key of a Secret.",
               {
                   {"key", str("The key of the secret to select from.  Must be a valid secret key.")},
                   {"name", str("Name of the referent. More info: https://kubernetes.io/docs/concepts/overview/"
                                "working-with-objects/names/#names")},
                   {"optional", boolean("Specify whether the Secret or its key must be defined")},
               },
               {QStringLiteral("key")});
    set.object(core("ObjectFieldSelector"), "ObjectFieldSelector selects an APIVersioned field of an object.",
               {
                   {"apiVersion", str("Version of the schema the FieldPath is written in terms of, defaults to "
                                      "\"v1\".")},
                   {"fieldPath", str("Path of the field to select in the specified API version.")},
               },
               {QStringLiteral("fieldPath")});
    set.object(core("ResourceFieldSelector"),
               "ResourceFieldSelector represents container resources (cpu, memory) and their output format",
               {
                   {"containerName", str("Container name: required for volumes, optional for env vars")},
                   {"divisor", quantity("Specifies the output format of the exposed resources, defaults to "
                                        "\"1\"")},
                   {"resource", str("Required: resource to select")},
               },
               {QStringLiteral("resource")});
    set.object(core("EnvFromSource"), "EnvFromSource represents the source of a set of ConfigMaps or Secrets",
               {
                   {"configMapRef", ref(core("ConfigMapEnvSource"), "The ConfigMap to select from")},
                   {"prefix", str("Optional text to prepend to the name of each environment variable.")},
                   {"secretRef", ref(core("SecretEnvSource"), "The Secret to select from")},
               });
    set.object(core("ConfigMapEnvSource"),
               "ConfigMapEnvSource selects a ConfigMap to populate the environment variables with.",
               {
                   {"name", str("Name of the referent.")},
                   {"optional", boolean("Specify whether the ConfigMap must be defined")},
               });
    set.object(core("SecretEnvSource"),
               "SecretEnvSource selects a Secret to populate the environment variables "
               "with.",
               {
                   {"name", str("Name of the referent.")},
                   {"optional", boolean("Specify whether the Secret must be defined")},
               });
}

void addResourcesAndMounts(SchemaSet &set)
{
    set.object(
        core("ResourceRequirements"), "ResourceRequirements describes the compute resource requirements.",
        {
            {"claims", listMap(refs(core("ResourceClaim"), "Claims lists the names of resources, defined in "
                                                           "spec.resourceClaims, that are used by this container."),
                               {QStringLiteral("name")})},
            {"limits", quantities("Limits describes the maximum amount of compute resources allowed. "
                                  "More info: https://kubernetes.io/docs/concepts/configuration/"
                                  "manage-resources-containers/")},
            {"requests", quantities("Requests describes the minimum amount of compute resources "
                                    "required. If Requests is omitted for a container, it defaults to "
                                    "Limits if that is explicitly specified, otherwise to an "
                                    "implementation-defined value. More info: https://kubernetes.io/"
                                    "docs/concepts/configuration/manage-resources-containers/")},
        });
    set.object(core("ResourceClaim"), "ResourceClaim references one entry in PodSpec.ResourceClaims.",
               {
                   {"name", str("Name must match the name of one entry in pod.spec.resourceClaims of the Pod "
                                "where this field is used.")},
                   {"request", str("Request is the name chosen for a request in the referenced claim.")},
               },
               {QStringLiteral("name")});
    set.object(core("VolumeMount"), "VolumeMount describes a mounting of a Volume within a container.",
               {
                   {"mountPath", str("Path within the container at which the volume should be mounted.  Must "
                                     "not contain ':'.")},
                   {"mountPropagation", str("mountPropagation determines how mounts are propagated from the host "
                                            "to container and the other way around.")},
                   {"name", str("This must match the Name of a Volume.")},
                   {"readOnly", boolean("Mounted read-only if true, read-write otherwise (false or "
                                        "unspecified). Defaults to false.")},
                   {"recursiveReadOnly", str("RecursiveReadOnly specifies whether read-only mounts should be "
                                             "handled recursively.")},
                   {"subPath", str("Path within the volume from which the container's volume should be mounted. "
                                   "Defaults to \"\" (volume's root).")},
                   {"subPathExpr", str("Expanded path within the volume from which the container's volume should "
                                       "be mounted. Behaves similarly to SubPath but environment variable "
                                       "references $(VAR_NAME) are expanded using the container's "
                                       "environment.")},
               },
               {QStringLiteral("name"), QStringLiteral("mountPath")});
    set.object(core("VolumeDevice"), "volumeDevice describes a mapping of a raw block device within a container.",
               {
                   {"devicePath", str("devicePath is the path inside of the container that the device will be "
                                      "mapped to.")},
                   {"name", str("name must match the name of a persistentVolumeClaim in the pod")},
               },
               {QStringLiteral("name"), QStringLiteral("devicePath")});
}

void addProbes(SchemaSet &set)
{
    const char *execDoc = "Exec specifies a command to execute in the container.";
    const char *httpDoc = "HTTPGet specifies an HTTP GET request to perform.";
    const char *tcpDoc = "TCPSocket specifies a connection to a TCP port.";
    set.object(core("Probe"),
               "Probe describes a health check to be performed against a container to determine whether it is "
               "alive or ready to receive traffic.",
               {
                   {"exec", ref(core("ExecAction"), execDoc)},
                   {"failureThreshold", i32("Minimum consecutive failures for the probe to be considered failed "
                                            "after having succeeded. Defaults to 3. Minimum value is 1.")},
                   {"grpc", ref(core("GRPCAction"), "GRPC specifies a GRPC HealthCheckRequest.")},
                   {"httpGet", ref(core("HTTPGetAction"), httpDoc)},
                   {"initialDelaySeconds", i32("Number of seconds after the container has started before liveness "
                                               "probes are initiated. More info: https://kubernetes.io/docs/"
                                               "concepts/workloads/pods/pod-lifecycle#container-probes")},
                   {"periodSeconds", i32("How often (in seconds) to perform the probe. Default to 10 seconds. "
                                         "Minimum value is 1.")},
                   {"successThreshold", i32("Minimum consecutive successes for the probe to be considered "
                                            "successful after having failed. Defaults to 1. Must be 1 for "
                                            "liveness and startup. Minimum value is 1.")},
                   {"tcpSocket", ref(core("TCPSocketAction"), tcpDoc)},
                   {"terminationGracePeriodSeconds",
                    i64("Optional duration in seconds the pod needs to terminate gracefully upon probe "
                        "failure.")},
                   {"timeoutSeconds", i32("Number of seconds after which the probe times out. Defaults to 1 "
                                          "second. Minimum value is 1. More info: https://kubernetes.io/docs/"
                                          "concepts/workloads/pods/pod-lifecycle#container-probes")},
               });
    set.object(core("ExecAction"), "ExecAction describes a \"run in container\" action.",
               {{"command", listAtomic(strs("Command is the command line to execute inside the container, the "
                                            "working directory for the command  is root ('/') in the "
                                            "container's filesystem. The command is simply exec'd, it is not "
                                            "run inside a shell."))}});
    set.object(core("HTTPGetAction"), "HTTPGetAction describes an action based on HTTP Get requests.",
               {
                   {"host", str("Host name to connect to, defaults to the pod IP. You probably want to set "
                                "\"Host\" in httpHeaders instead.")},
                   {"httpHeaders", listAtomic(refs(core("HTTPHeader"), "Custom headers to set in the request. "
                                                                       "HTTP allows repeated headers."))},
                   {"path", str("Path to access on the HTTP server.")},
                   {"port", intOrString("Name or number of the port to access on the container. Number must be "
                                        "in the range 1 to 65535. Name must be an IANA_SVC_NAME.")},
                   {"scheme", oneOf("Scheme to use for connecting to the host. Defaults to HTTP.",
                                    {QStringLiteral("HTTP"), QStringLiteral("HTTPS")})},
               },
               {QStringLiteral("port")});
    set.object(core("HTTPHeader"), "HTTPHeader describes a custom header to be used in HTTP probes",
               {
                   {"name", str("The header field name. This will be canonicalized upon output, so "
                                "case-variant names will be understood as the same header.")},
                   {"value", str("The header field value")},
               },
               {QStringLiteral("name"), QStringLiteral("value")});
    set.object(core("TCPSocketAction"), "TCPSocketAction describes an action based on opening a socket",
               {
                   {"host", str("Optional: Host name to connect to, defaults to the pod IP.")},
                   {"port", intOrString("Number or name of the port to access on the container. Number must be "
                                        "in the range 1 to 65535. Name must be an IANA_SVC_NAME.")},
               },
               {QStringLiteral("port")});
    set.object(core("GRPCAction"), "GRPCAction specifies an action involving a GRPC service.",
               {
                   {"port", i32("Port number of the gRPC service. Number must be in the range 1 to 65535.")},
                   {"service", str("Service is the name of the service to place in the gRPC HealthCheckRequest. "
                                   "If this is not specified, the default behavior is defined by gRPC.")},
               },
               {QStringLiteral("port")});
    set.object(core("Lifecycle"),
               "Lifecycle describes actions that the management system should take in response to container "
               "lifecycle events.",
               {
                   {"postStart", ref(core("LifecycleHandler"),
                                     "PostStart is called immediately after a container is created. If the "
                                     "handler fails, the container is terminated and restarted according to its "
                                     "restart policy.")},
                   {"preStop", ref(core("LifecycleHandler"),
                                   "PreStop is called immediately before a container is terminated due to an API "
                                   "request or management event such as liveness/startup probe failure, "
                                   "preemption, resource contention, etc.")},
                   {"stopSignal", str("StopSignal defines which signal will be sent to a container when it is "
                                      "being stopped.")},
               });
    set.object(core("LifecycleHandler"),
               "LifecycleHandler defines a specific action that should be taken in a lifecycle hook. One and "
               "only one of the fields, except TCPSocket must be specified.",
               {
                   {"exec", ref(core("ExecAction"), execDoc)},
                   {"httpGet", ref(core("HTTPGetAction"), httpDoc)},
                   {"sleep", ref(core("SleepAction"), "Sleep represents a duration that the container should "
                                                      "sleep.")},
                   {"tcpSocket", ref(core("TCPSocketAction"),
                                     "Deprecated. TCPSocket is NOT supported as a LifecycleHandler and kept for "
                                     "backward compatibility.")},
               });
    set.object(core("SleepAction"), "SleepAction describes a \"sleep\" action.",
               {{"seconds", i64("Seconds is the number of seconds to sleep.")}}, {QStringLiteral("seconds")});
}

void addSecurityContexts(SchemaSet &set)
{
    const char *runAsUserDoc = "The UID to run the entrypoint of the container process. Defaults to user "
                               "specified in image metadata if unspecified.";
    const char *runAsGroupDoc = "The GID to run the entrypoint of the container process. Uses runtime default "
                                "if unset.";
    const char *runAsNonRootDoc = "Indicates that the container must run as a non-root user. If true, the "
                                  "Kubelet will validate the image at runtime to ensure that it does not run as "
                                  "UID 0 (root) and fail to start the container if it does.";
    set.object(core("SecurityContext"),
               "SecurityContext holds security configuration that will be applied to a container. Some fields "
               "are present in both SecurityContext and PodSecurityContext.  When both are set, the values in "
               "SecurityContext take precedence.",
               {
                   {"allowPrivilegeEscalation",
                    boolean("AllowPrivilegeEscalation controls whether a process can gain more privileges than "
                            "its parent process.")},
                   {"appArmorProfile", ref(core("AppArmorProfile"), "appArmorProfile is the AppArmor options to "
                                                                    "use by this container.")},
                   {"capabilities", ref(core("Capabilities"), "The capabilities to add/drop when running "
                                                              "containers. Defaults to the default set of "
                                                              "capabilities granted by the container runtime.")},
                   {"privileged", boolean("Run container in privileged mode. Processes in privileged containers "
                                          "are essentially equivalent to root on the host. Defaults to false.")},
                   {"procMount", str("procMount denotes the type of proc mount to use for the containers.")},
                   {"readOnlyRootFilesystem", boolean("Whether this container has a read-only root filesystem. "
                                                      "Default is false.")},
                   {"runAsGroup", i64(runAsGroupDoc)},
                   {"runAsNonRoot", boolean(runAsNonRootDoc)},
                   {"runAsUser", i64(runAsUserDoc)},
                   {"seLinuxOptions", ref(core("SELinuxOptions"), "The SELinux context to be applied to the "
                                                                  "container.")},
                   {"seccompProfile", ref(core("SeccompProfile"), "The seccomp options to use by this "
                                                                  "container.")},
                   {"windowsOptions", ref(core("WindowsSecurityContextOptions"),
                                          "The Windows specific settings applied to all containers.")},
               });
    set.object(core("PodSecurityContext"),
               "PodSecurityContext holds pod-level security attributes and common container settings. Some "
               "fields are also present in container.securityContext.  Field values of "
               "container.securityContext take precedence over field values of PodSecurityContext.",
               {
                   {"appArmorProfile", ref(core("AppArmorProfile"), "appArmorProfile is the AppArmor options to "
                                                                    "use by the containers in this pod.")},
                   {"fsGroup", i64("A special supplemental group that applies to all containers in a pod.")},
                   {"fsGroupChangePolicy", str("fsGroupChangePolicy defines behavior of changing ownership and "
                                               "permission of the volume before being exposed inside Pod.")},
                   {"runAsGroup", i64(runAsGroupDoc)},
                   {"runAsNonRoot", boolean(runAsNonRootDoc)},
                   {"runAsUser", i64(runAsUserDoc)},
                   {"seLinuxChangePolicy", str("seLinuxChangePolicy defines how the container's SELinux label "
                                               "is applied to all volumes used by the Pod.")},
                   {"seLinuxOptions", ref(core("SELinuxOptions"), "The SELinux context to be applied to all "
                                                                  "containers.")},
                   {"seccompProfile", ref(core("SeccompProfile"), "The seccomp options to use by the containers "
                                                                  "in this pod.")},
                   {"supplementalGroups",
                    listAtomic(ints("A list of groups applied to the first process run in each container, in "
                                    "addition to the container's primary GID and fsGroup (if specified)."))},
                   {"supplementalGroupsPolicy", str("Defines how supplemental groups of the first container "
                                                    "processes are calculated.")},
                   {"sysctls", listAtomic(refs(core("Sysctl"), "Sysctls hold a list of namespaced sysctls used "
                                                               "for the pod."))},
                   {"windowsOptions", ref(core("WindowsSecurityContextOptions"),
                                          "The Windows specific settings applied to all containers.")},
               });
    set.object(core("Capabilities"), "Adds and removes POSIX capabilities from running containers.",
               {
                   {"add", listAtomic(strs("Added capabilities"))},
                   {"drop", listAtomic(strs("Removed capabilities"))},
               });
    set.object(core("SELinuxOptions"), "SELinuxOptions are the labels to be applied to the container",
               {
                   {"level", str("Level is SELinux level label that applies to the container.")},
                   {"role", str("Role is a SELinux role label that applies to the container.")},
                   {"type", str("Type is a SELinux type label that applies to the container.")},
                   {"user", str("User is a SELinux user label that applies to the container.")},
               });
    set.object(core("SeccompProfile"),
               "SeccompProfile defines a pod/container's seccomp profile settings. Only one profile source may "
               "be set.",
               {
                   {"localhostProfile", str("localhostProfile indicates a profile defined in a file on the node "
                                            "should be used.")},
                   {"type", oneOf("type indicates which kind of seccomp profile will be applied.",
                                  {QStringLiteral("Localhost"), QStringLiteral("RuntimeDefault"),
                                   QStringLiteral("Unconfined")})},
               },
               {QStringLiteral("type")});
    set.object(core("AppArmorProfile"), "AppArmorProfile defines a pod or container's AppArmor settings.",
               {
                   {"localhostProfile", str("localhostProfile indicates a profile loaded on the node that should "
                                            "be used.")},
                   {"type", oneOf("type indicates which kind of AppArmor profile will be applied.",
                                  {QStringLiteral("Localhost"), QStringLiteral("RuntimeDefault"),
                                   QStringLiteral("Unconfined")})},
               },
               {QStringLiteral("type")});
    set.object(core("WindowsSecurityContextOptions"),
               "WindowsSecurityContextOptions contain Windows-specific options and credentials.",
               {
                   {"gmsaCredentialSpec", str("GMSACredentialSpec is where the GMSA admission webhook inlines the "
                                              "contents of the GMSA credential spec named by the "
                                              "GMSACredentialSpecName field.")},
                   {"gmsaCredentialSpecName", str("GMSACredentialSpecName is the name of the GMSA credential spec "
                                                  "to use.")},
                   {"hostProcess", boolean("HostProcess determines if a container should be run as a 'Host "
                                           "Process' container.")},
                   {"runAsUserName", str("The UserName in Windows to run the entrypoint of the container "
                                         "process.")},
               });
    set.object(core("Sysctl"), "Sysctl defines a kernel parameter to be set",
               {
                   {"name", str("Name of a property to set")},
                   {"value", str("Value of a property to set")},
               },
               {QStringLiteral("name"), QStringLiteral("value")});
}

void addContainerStatus(SchemaSet &set)
{
    set.object(
        core("ContainerStatus"), "ContainerStatus contains details for the current status of this container.",
        {
            {"allocatedResources", quantities("AllocatedResources represents the compute resources allocated for "
                                              "this container by the node.")},
            {"allocatedResourcesStatus",
             listMap(arrayOf(opaque(""), "AllocatedResourcesStatus represents the status of various resources "
                                         "allocated for this Pod."),
                     {QStringLiteral("name")})},
            {"containerID", str("ContainerID is the ID of the container in the format "
                                "'<type>://<container_id>'. Where type is a container runtime identifier.")},
            {"image", str("Image is the name of container image that the container is running.")},
            {"imageID", str("ImageID is the image ID of the container's image.")},
            {"lastState", ref(core("ContainerState"), "LastTerminationState holds the last termination state of "
                                                      "the container to help debug container crashes and "
                                                      "restarts.")},
            {"name", str("Name is a DNS_LABEL representing the unique name of the container. Each container in "
                         "a pod must have a unique name across all container types. Cannot be updated.")},
            {"ready", boolean("Ready specifies whether the container is currently passing its readiness check. "
                              "The value will change as readiness probes keep executing.")},
            {"resources", ref(core("ResourceRequirements"), "Resources represents the compute resource requests "
                                                            "and limits that have been successfully enacted on "
                                                            "the running container.")},
            {"restartCount", i32("RestartCount holds the number of times the container has been restarted. "
                                 "Kubelet makes an effort to always increment the value, but there are cases "
                                 "when the state may be lost due to node restarts and then the value may be "
                                 "reset to 0. The value is never negative.")},
            {"started", boolean("Started indicates whether the container has finished its postStart lifecycle "
                                "hook and passed its startup probe.")},
            {"state", ref(core("ContainerState"), "State holds details about the container's current "
                                                  "condition.")},
            {"stopSignal", str("StopSignal reports the effective stop signal for this container")},
            {"user", opaque("User represents user identity information initially attached to the first process "
                            "of the container")},
            {"volumeMounts", listMap(patchMerge(arrayOf(opaque(""), "Status of volume mounts."), "mountPath"),
                                     {QStringLiteral("mountPath")})},
        },
        {QStringLiteral("name"), QStringLiteral("ready"), QStringLiteral("restartCount"), QStringLiteral("image"),
         QStringLiteral("imageID")});
    set.object(core("ContainerState"),
               "ContainerState holds a possible state of container. Only one of its members may be specified. If "
               "none of them is specified, the default one is ContainerStateWaiting.",
               {
                   {"running", ref(core("ContainerStateRunning"), "Details about a running container")},
                   {"terminated", ref(core("ContainerStateTerminated"), "Details about a terminated container")},
                   {"waiting", ref(core("ContainerStateWaiting"), "Details about a waiting container")},
               });
    set.object(core("ContainerStateRunning"), "ContainerStateRunning is a running state of a container.",
               {{"startedAt", time("Time at which the container was last (re-)started")}});
    set.object(core("ContainerStateTerminated"), "ContainerStateTerminated is a terminated state of a container.",
               {
                   {"containerID", str("Container's ID in the format '<type>://<container_id>'")},
                   {"exitCode", i32("Exit status from the last termination of the container")},
                   {"finishedAt", time("Time at which the container last terminated")},
                   {"message", str("Message regarding the last termination of the container")},
                   {"reason", str("(brief) reason from the last termination of the container")},
                   {"signal", i32("Signal from the last termination of the container")},
                   {"startedAt", time("Time at which previous execution of the container started")},
               },
               {QStringLiteral("exitCode")});
    set.object(core("ContainerStateWaiting"), "ContainerStateWaiting is a waiting state of a container.",
               {
                   {"message", str("Message regarding why the container is not yet running.")},
                   {"reason", str("(brief) reason the container is not yet running.")},
               });
}

} // namespace

void addContainerSchemas(SchemaSet &set)
{
    addContainer(set);
    addEnvironment(set);
    addResourcesAndMounts(set);
    addProbes(set);
    addSecurityContexts(set);
    addContainerStatus(set);
}

} // namespace tugboat::apiserver::schemas
