// core/v1 Container and what it references: ports, env and envFrom, resources with claims, volume
// mounts, probes and lifecycle handlers, security context, and the container status; from
// k8s.io/api/core/v1/generated.proto. ProbeHandler, EphemeralContainerCommon and the
// LocalObjectReference of the key selectors are Go embedded structs (Inline): their fields print in
// the parent object.
// Field order is the .proto's; flags as in protobufschema.h.
#include "protobufschema.h"

namespace tugboat::apiserver::protobuf {

void addContainerMessages(MessageTable &table)
{
    using enum Kind;
    // One field a line, as in the .proto; clang-format would pack them into columns.
    // clang-format off
    table["core.Container"] = {
        {1, "name", String, NoOmit},
        {2, "image", String},
        {3, "command", String, Rep},
        {4, "args", String, Rep},
        {5, "workingDir", String},
        {6, "ports", "core.ContainerPort", Rep},
        {19, "envFrom", "core.EnvFromSource", Rep},
        {7, "env", "core.EnvVar", Rep},
        {8, "resources", "core.ResourceRequirements"},
        {23, "resizePolicy", "core.ContainerResizePolicy", Rep},
        {24, "restartPolicy", String, Ptr},
        {9, "volumeMounts", "core.VolumeMount", Rep},
        {21, "volumeDevices", "core.VolumeDevice", Rep},
        {10, "livenessProbe", "core.Probe", Ptr},
        {11, "readinessProbe", "core.Probe", Ptr},
        {22, "startupProbe", "core.Probe", Ptr},
        {12, "lifecycle", "core.Lifecycle", Ptr},
        {13, "terminationMessagePath", String},
        {20, "terminationMessagePolicy", String},
        {14, "imagePullPolicy", String},
        {15, "securityContext", "core.SecurityContext", Ptr},
        {16, "stdin", Bool},
        {17, "stdinOnce", Bool},
        {18, "tty", Bool},
    };
    table["core.EphemeralContainer"] = {
        {1, "ephemeralContainerCommon", "core.EphemeralContainerCommon", Inline},
        {2, "targetContainerName", String},
    };
    // Kubernetes keeps EphemeralContainerCommon field for field (numbers too) equal to Container.
    table["core.EphemeralContainerCommon"] = table["core.Container"];
    table["core.ContainerPort"] = {
        {1, "name", String},
        {2, "hostPort", Int32},
        {3, "containerPort", Int32, NoOmit},
        {4, "protocol", String},
        {5, "hostIP", String},
    };
    table["core.EnvVar"] = {
        {1, "name", String, NoOmit},
        {2, "value", String},
        {3, "valueFrom", "core.EnvVarSource", Ptr},
    };
    table["core.EnvVarSource"] = {
        {1, "fieldRef", "core.ObjectFieldSelector", Ptr},
        {2, "resourceFieldRef", "core.ResourceFieldSelector", Ptr},
        {3, "configMapKeyRef", "core.ConfigMapKeySelector", Ptr},
        {4, "secretKeyRef", "core.SecretKeySelector", Ptr},
    };
    table["core.ObjectFieldSelector"] = {
        {1, "apiVersion", String},
        {2, "fieldPath", String, NoOmit},
    };
    table["core.ResourceFieldSelector"] = {
        {1, "containerName", String},
        {2, "resource", String, NoOmit},
        {3, "divisor", Quantity},
    };
    table["core.ConfigMapKeySelector"] = {
        {1, "localObjectReference", "core.LocalObjectReference", Inline},
        {2, "key", String, NoOmit},
        {3, "optional", Bool, Ptr},
    };
    table["core.SecretKeySelector"] = {
        {1, "localObjectReference", "core.LocalObjectReference", Inline},
        {2, "key", String, NoOmit},
        {3, "optional", Bool, Ptr},
    };
    table["core.EnvFromSource"] = {
        {1, "prefix", String},
        {2, "configMapRef", "core.ConfigMapEnvSource", Ptr},
        {3, "secretRef", "core.SecretEnvSource", Ptr},
    };
    table["core.ConfigMapEnvSource"] = {
        {1, "localObjectReference", "core.LocalObjectReference", Inline},
        {2, "optional", Bool, Ptr},
    };
    table["core.SecretEnvSource"] = {
        {1, "localObjectReference", "core.LocalObjectReference", Inline},
        {2, "optional", Bool, Ptr},
    };
    table["core.ResourceRequirements"] = {
        {1, "limits", QuantityMap},
        {2, "requests", QuantityMap},
        {3, "claims", "core.ResourceClaim", Rep},
    };
    table["core.ResourceClaim"] = {
        {1, "name", String, NoOmit},
        {2, "request", String},
    };
    table["core.ContainerResizePolicy"] = {
        {1, "resourceName", String, NoOmit},
        {2, "restartPolicy", String, NoOmit},
    };
    table["core.VolumeMount"] = {
        {1, "name", String, NoOmit},
        {2, "readOnly", Bool},
        {7, "recursiveReadOnly", String, Ptr},
        {3, "mountPath", String, NoOmit},
        {4, "subPath", String},
        {5, "mountPropagation", String, Ptr},
        {6, "subPathExpr", String},
    };
    table["core.VolumeDevice"] = {
        {1, "name", String, NoOmit},
        {2, "devicePath", String, NoOmit},
    };
    table["core.Probe"] = {
        {1, "handler", "core.ProbeHandler", Inline},
        {2, "initialDelaySeconds", Int32},
        {3, "timeoutSeconds", Int32},
        {4, "periodSeconds", Int32},
        {5, "successThreshold", Int32},
        {6, "failureThreshold", Int32},
        {7, "terminationGracePeriodSeconds", Int64, Ptr},
    };
    table["core.ProbeHandler"] = {
        {1, "exec", "core.ExecAction", Ptr},
        {2, "httpGet", "core.HTTPGetAction", Ptr},
        {3, "tcpSocket", "core.TCPSocketAction", Ptr},
        {4, "grpc", "core.GRPCAction", Ptr},
    };
    table["core.ExecAction"] = {
        {1, "command", String, Rep},
    };
    table["core.HTTPGetAction"] = {
        {1, "path", String},
        {2, "port", IntOrString},
        {3, "host", String},
        {4, "scheme", String},
        {5, "httpHeaders", "core.HTTPHeader", Rep},
    };
    table["core.HTTPHeader"] = {
        {1, "name", String, NoOmit},
        {2, "value", String, NoOmit},
    };
    table["core.TCPSocketAction"] = {
        {1, "port", IntOrString},
        {2, "host", String},
    };
    table["core.GRPCAction"] = {
        {1, "port", Int32, NoOmit},
        {2, "service", String, Ptr | NoOmit},
    };
    table["core.Lifecycle"] = {
        {1, "postStart", "core.LifecycleHandler", Ptr},
        {2, "preStop", "core.LifecycleHandler", Ptr},
        {3, "stopSignal", String, Ptr},
    };
    table["core.LifecycleHandler"] = {
        {1, "exec", "core.ExecAction", Ptr},
        {2, "httpGet", "core.HTTPGetAction", Ptr},
        {3, "tcpSocket", "core.TCPSocketAction", Ptr},
        {4, "sleep", "core.SleepAction", Ptr},
    };
    table["core.SleepAction"] = {
        {1, "seconds", Int64, NoOmit},
    };
    table["core.SecurityContext"] = {
        {1, "capabilities", "core.Capabilities", Ptr},
        {2, "privileged", Bool, Ptr},
        {3, "seLinuxOptions", "core.SELinuxOptions", Ptr},
        {10, "windowsOptions", "core.WindowsSecurityContextOptions", Ptr},
        {4, "runAsUser", Int64, Ptr},
        {8, "runAsGroup", Int64, Ptr},
        {5, "runAsNonRoot", Bool, Ptr},
        {6, "readOnlyRootFilesystem", Bool, Ptr},
        {7, "allowPrivilegeEscalation", Bool, Ptr},
        {9, "procMount", String, Ptr},
        {11, "seccompProfile", "core.SeccompProfile", Ptr},
        {12, "appArmorProfile", "core.AppArmorProfile", Ptr},
    };
    table["core.Capabilities"] = {
        {1, "add", String, Rep},
        {2, "drop", String, Rep},
    };
    table["core.SELinuxOptions"] = {
        {1, "user", String},
        {2, "role", String},
        {3, "type", String},
        {4, "level", String},
    };
    table["core.SeccompProfile"] = {
        {1, "type", String, NoOmit},
        {2, "localhostProfile", String, Ptr},
    };
    table["core.AppArmorProfile"] = {
        {1, "type", String, NoOmit},
        {2, "localhostProfile", String, Ptr},
    };
    table["core.WindowsSecurityContextOptions"] = {
        {1, "gmsaCredentialSpecName", String, Ptr},
        {2, "gmsaCredentialSpec", String, Ptr},
        {3, "runAsUserName", String, Ptr},
        {4, "hostProcess", Bool, Ptr},
    };
    table["core.ContainerStatus"] = {
        {1, "name", String, NoOmit},
        {2, "state", "core.ContainerState"},
        {3, "lastState", "core.ContainerState"},
        {4, "ready", Bool, NoOmit},
        {5, "restartCount", Int32, NoOmit},
        {6, "image", String, NoOmit},
        {7, "imageID", String, NoOmit},
        {8, "containerID", String},
        {9, "started", Bool, Ptr},
        {10, "allocatedResources", QuantityMap},
        {11, "resources", "core.ResourceRequirements", Ptr},
        {12, "volumeMounts", "core.VolumeMountStatus", Rep},
        {13, "user", "core.ContainerUser", Ptr},
        {14, "allocatedResourcesStatus", "core.ResourceStatus", Rep},
        {15, "stopSignal", String, Ptr},
    };
    table["core.ContainerState"] = {
        {1, "waiting", "core.ContainerStateWaiting", Ptr},
        {2, "running", "core.ContainerStateRunning", Ptr},
        {3, "terminated", "core.ContainerStateTerminated", Ptr},
    };
    table["core.ContainerStateWaiting"] = {
        {1, "reason", String},
        {2, "message", String},
    };
    table["core.ContainerStateRunning"] = {
        {1, "startedAt", Time},
    };
    table["core.ContainerStateTerminated"] = {
        {1, "exitCode", Int32, NoOmit},
        {2, "signal", Int32},
        {3, "reason", String},
        {4, "message", String},
        {5, "startedAt", Time},
        {6, "finishedAt", Time},
        {7, "containerID", String},
    };
    table["core.VolumeMountStatus"] = {
        {1, "name", String, NoOmit},
        {2, "mountPath", String, NoOmit},
        {3, "readOnly", Bool},
        {4, "recursiveReadOnly", String, Ptr},
    };
    table["core.ContainerUser"] = {
        {1, "linux", "core.LinuxContainerUser", Ptr},
    };
    table["core.LinuxContainerUser"] = {
        {1, "uid", Int64, NoOmit},
        {2, "gid", Int64, NoOmit},
        {3, "supplementalGroups", Int64, Rep},
    };
    table["core.ResourceStatus"] = {
        {1, "name", String, NoOmit},
        {2, "resources", "core.ResourceHealth", Rep},
    };
    table["core.ResourceHealth"] = {
        {1, "resourceID", String, NoOmit},
        {2, "health", String},
    };
    // clang-format on
}

} // namespace tugboat::apiserver::protobuf
