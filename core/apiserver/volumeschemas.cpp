// core/v1 Volume. The sources Tugboat's agent mounts (emptyDir, hostPath, configMap, secret, projected,
// downwardAPI, persistentVolumeClaim) and a few common remote ones are described field by field; the
// in-tree cloud and storage-vendor sources are listed with their description only, as objects whose
// content is not checked, so a manifest using them is never refused for an unknown field.
#include "schemas.h"

namespace tugboat::apiserver::schemas {

namespace {

const char *kDefaultModeDoc =
    "defaultMode is optional: mode bits used to set permissions on created files by default. Must be an "
    "octal "
    "value between 0000 and 0777 or a decimal value between 0 and 511. YAML accepts both octal and decimal "
    "values, JSON requires decimal values for mode bits. Defaults to 0644.";
const char *kItemsDoc =
    "items if unspecified, each key-value pair in the Data field of the referenced object will be projected "
    "into the volume as a file whose name is the key and content is the value. If specified, the listed keys "
    "will be projected into the specified paths, and unlisted keys will not be present.";

void addVolume(SchemaSet &set)
{
    set.object(
        core("Volume"), "Volume represents a named volume in a pod that may be accessed by any container in the pod.",
        {
            {"awsElasticBlockStore", opaque("awsElasticBlockStore represents an AWS Disk resource that is "
                                            "attached to a kubelet's host machine and then exposed to the pod. "
                                            "Deprecated.")},
            {"azureDisk", opaque("azureDisk represents an Azure Data Disk mount on the host and bind mount to the "
                                 "pod. Deprecated.")},
            {"azureFile", opaque("azureFile represents an Azure File Service mount on the host and bind mount to "
                                 "the pod. Deprecated.")},
            {"cephfs", opaque("cephFS represents a Ceph FS mount on the host that shares a pod's lifetime. "
                              "Deprecated.")},
            {"cinder", opaque("cinder represents a cinder volume attached and mounted on kubelets host machine. "
                              "Deprecated.")},
            {"configMap", ref(core("ConfigMapVolumeSource"), "configMap represents a configMap that should "
                                                             "populate this volume")},
            {"csi", ref(core("CSIVolumeSource"), "csi (Container Storage Interface) represents ephemeral storage "
                                                 "that is handled by certain external CSI drivers.")},
            {"downwardAPI", ref(core("DownwardAPIVolumeSource"), "downwardAPI represents downward API about the "
                                                                 "pod that should populate this volume")},
            {"emptyDir", ref(core("EmptyDirVolumeSource"),
                             "emptyDir represents a temporary directory that shares a pod's lifetime. More "
                             "info: https://kubernetes.io/docs/concepts/storage/volumes#emptydir")},
            {"ephemeral", ref(core("EphemeralVolumeSource"),
                              "ephemeral represents a volume that is handled by a cluster storage driver. The "
                              "volume's lifecycle is tied to the pod that defines it - it will be created "
                              "before the pod starts, and deleted when the pod is removed.")},
            {"fc", opaque("fc represents a Fibre Channel resource that is attached to a kubelet's host machine "
                          "and then exposed to the pod.")},
            {"flexVolume", opaque("flexVolume represents a generic volume resource that is provisioned/attached "
                                  "using an exec based plugin. Deprecated.")},
            {"flocker", opaque("flocker represents a Flocker volume attached to a kubelet's host machine. "
                               "Deprecated.")},
            {"gcePersistentDisk", opaque("gcePersistentDisk represents a GCE Disk resource that is attached to a "
                                         "kubelet's host machine and then exposed to the pod. Deprecated.")},
            {"gitRepo", opaque("gitRepo represents a git repository at a particular revision. Deprecated.")},
            {"glusterfs", opaque("glusterfs represents a Glusterfs mount on the host that shares a pod's "
                                 "lifetime. Deprecated.")},
            {"hostPath", ref(core("HostPathVolumeSource"),
                             "hostPath represents a pre-existing file or directory on the host machine that is "
                             "directly exposed to the container. More info: "
                             "https://kubernetes.io/docs/concepts/storage/volumes#hostpath")},
            {"image", ref(core("ImageVolumeSource"),
                          "image represents an OCI object (a container image or artifact) pulled and mounted on "
                          "the kubelet's host machine.")},
            {"iscsi", opaque("iscsi represents an ISCSI Disk resource that is attached to a kubelet's host "
                             "machine and then exposed to the pod.")},
            {"name", str("name of the volume. Must be a DNS_LABEL and unique within the pod. More info: "
                         "https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#names")},
            {"nfs", ref(core("NFSVolumeSource"), "nfs represents an NFS mount on the host that shares a pod's "
                                                 "lifetime More info: "
                                                 "https://kubernetes.io/docs/concepts/storage/volumes#nfs")},
            {"persistentVolumeClaim",
             ref(core("PersistentVolumeClaimVolumeSource"),
                 "persistentVolumeClaimVolumeSource represents a reference to a PersistentVolumeClaim in the "
                 "same namespace. More info: "
                 "https://kubernetes.io/docs/concepts/storage/persistent-volumes#persistentvolumeclaims")},
            {"photonPersistentDisk", opaque("photonPersistentDisk represents a PhotonController persistent disk "
                                            "attached and mounted on kubelets host machine. Deprecated.")},
            {"portworxVolume", opaque("portworxVolume represents a portworx volume attached and mounted on "
                                      "kubelets host machine. Deprecated.")},
            {"projected", ref(core("ProjectedVolumeSource"), "projected items for all in one resources secrets, "
                                                             "configmaps, and downward API")},
            {"quobyte", opaque("quobyte represents a Quobyte mount on the host that shares a pod's lifetime. "
                               "Deprecated.")},
            {"rbd", opaque("rbd represents a Rados Block Device mount on the host that shares a pod's lifetime. "
                           "Deprecated.")},
            {"scaleIO", opaque("scaleIO represents a ScaleIO persistent volume attached and mounted on "
                               "Kubernetes nodes. Deprecated.")},
            {"secret", ref(core("SecretVolumeSource"), "secret represents a secret that should populate this "
                                                       "volume. More info: "
                                                       "https://kubernetes.io/docs/concepts/storage/"
                                                       "volumes#secret")},
            {"storageos", opaque("storageOS represents a StorageOS volume attached and mounted on Kubernetes "
                                 "nodes. Deprecated.")},
            {"vsphereVolume", opaque("vsphereVolume represents a vSphere volume attached and mounted on kubelets "
                                     "host machine. Deprecated.")},
        },
        {QStringLiteral("name")});
}

void addLocalSources(SchemaSet &set)
{
    set.object(core("EmptyDirVolumeSource"),
               "Represents an empty directory for a pod. Empty directory volumes support ownership management "
               "and SELinux relabeling.",
               {
                   {"medium", str("medium represents what type of storage medium should back this directory. "
                                  "The default is \"\" which means to use the node's default medium. Must be an "
                                  "empty string (default) or Memory. More info: "
                                  "https://kubernetes.io/docs/concepts/storage/volumes#emptydir")},
                   {"sizeLimit", quantity("sizeLimit is the total amount of local storage required for this "
                                          "EmptyDir volume. The size limit is also applicable for memory "
                                          "medium.")},
               });
    set.object(core("HostPathVolumeSource"),
               "Represents a host path mapped into a pod. Host path volumes do not support ownership management "
               "or SELinux relabeling.",
               {
                   {"path", str("path of the directory on the host. If the path is a symlink, it will follow the "
                                "link to the real path. More info: "
                                "https://kubernetes.io/docs/concepts/storage/volumes#hostpath")},
                   {"type", oneOf("type for HostPath Volume Defaults to \"\" More info: "
                                  "https://kubernetes.io/docs/concepts/storage/volumes#hostpath",
                                  {QString(), QStringLiteral("BlockDevice"), QStringLiteral("CharDevice"),
                                   QStringLiteral("Directory"), QStringLiteral("DirectoryOrCreate"),
                                   QStringLiteral("File"), QStringLiteral("FileOrCreate"), QStringLiteral("Socket")})},
               },
               {QStringLiteral("path")});
    set.object(core("ConfigMapVolumeSource"), "Adapts a ConfigMap into a volume.",
               {
                   {"defaultMode", i32(kDefaultModeDoc)},
                   {"items", listAtomic(refs(core("KeyToPath"), kItemsDoc))},
                   {"name", str("Name of the referent. More info: https://kubernetes.io/docs/concepts/overview/"
                                "working-with-objects/names/#names")},
                   {"optional", boolean("optional specify whether the ConfigMap or its keys must be defined")},
               });
    set.object(core("SecretVolumeSource"), "Adapts a Secret into a volume.",
               {
                   {"defaultMode", i32(kDefaultModeDoc)},
                   {"items", listAtomic(refs(core("KeyToPath"), kItemsDoc))},
                   {"optional", boolean("optional field specify whether the Secret or its keys must be defined")},
                   {"secretName", str("secretName is the name of the secret in the pod's namespace to use. More "
                                      "info: https://kubernetes.io/docs/concepts/storage/volumes#secret")},
               });
    set.object(core("KeyToPath"), "Maps a string key to a path within a volume.",
               {
                   {"key", str("key is the key to project.")},
                   {"mode", i32("mode is Optional: mode bits used to set permissions on this file. Must be an "
                                "octal value between 0000 and 0777 or a decimal value between 0 and 511.")},
                   {"path", str("path is the relative path of the file to map the key to. May not be an absolute "
                                "path. May not contain the path element '..'. May not start with the string "
                                "'..'.")},
               },
               {QStringLiteral("key"), QStringLiteral("path")});
    set.object(core("PersistentVolumeClaimVolumeSource"),
               "PersistentVolumeClaimVolumeSource references the user's PVC in the same namespace. This volume "
               "finds the bound PV and mounts that volume for the pod.",
               {
                   {"claimName", str("claimName is the name of a PersistentVolumeClaim in the same namespace as "
                                     "the pod using this volume. More info: https://kubernetes.io/docs/"
                                     "concepts/storage/persistent-volumes#persistentvolumeclaims")},
                   {"readOnly", boolean("readOnly Will force the ReadOnly setting in VolumeMounts. Default "
                                        "false.")},
               },
               {QStringLiteral("claimName")});
    set.object(core("EphemeralVolumeSource"),
               "Represents an ephemeral volume that is handled by a normal storage driver.",
               {{"volumeClaimTemplate",
                 opaque("Will be used to create a stand-alone PVC to provision the volume. The pod in which this "
                        "EphemeralVolumeSource is embedded will be the owner of the PVC.")}});
    set.object(
        core("ImageVolumeSource"), "ImageVolumeSource represents a image volume resource.",
        {
            {"pullPolicy", oneOf("Policy for pulling OCI objects. Possible values are: Always, Never, "
                                 "IfNotPresent.",
                                 {QStringLiteral("Always"), QStringLiteral("IfNotPresent"), QStringLiteral("Never")})},
            {"reference", str("Required: Image or artifact reference to be used. Behaves in the same way "
                              "as pod.spec.containers[*].image.")},
        });
}

void addProjectedSources(SchemaSet &set)
{
    set.object(core("ProjectedVolumeSource"), "Represents a projected volume source",
               {
                   {"defaultMode", i32(kDefaultModeDoc)},
                   {"sources", listAtomic(refs(core("VolumeProjection"), "sources is the list of volume "
                                                                         "projections. Each entry in this list "
                                                                         "handles one source."))},
               });
    set.object(core("VolumeProjection"),
               "Projection that may be projected along with other supported volume types. Exactly one of these "
               "fields must be set.",
               {
                   {"clusterTrustBundle", opaque("ClusterTrustBundle allows a pod to access the `.spec.trustBundle` "
                                                 "field of ClusterTrustBundle objects in an auto-updating file.")},
                   {"configMap", ref(core("ConfigMapProjection"), "configMap information about the configMap data "
                                                                  "to project")},
                   {"downwardAPI", ref(core("DownwardAPIProjection"), "downwardAPI information about the "
                                                                      "downwardAPI data to project")},
                   {"secret", ref(core("SecretProjection"), "secret information about the secret data to "
                                                            "project")},
                   {"serviceAccountToken",
                    ref(core("ServiceAccountTokenProjection"), "serviceAccountToken is information about the "
                                                               "serviceAccountToken data to project")},
               });
    set.object(core("ConfigMapProjection"), "Adapts a ConfigMap into a projected volume.",
               {
                   {"items", listAtomic(refs(core("KeyToPath"), kItemsDoc))},
                   {"name", str("Name of the referent.")},
                   {"optional", boolean("optional specify whether the ConfigMap or its keys must be defined")},
               });
    set.object(core("SecretProjection"), "Adapts a secret into a projected volume.",
               {
                   {"items", listAtomic(refs(core("KeyToPath"), kItemsDoc))},
                   {"name", str("Name of the referent.")},
                   {"optional", boolean("optional field specify whether the Secret or its key must be defined")},
               });
    set.object(core("DownwardAPIProjection"), "Represents downward API info for projecting into a projected volume.",
               {{"items", listAtomic(refs(core("DownwardAPIVolumeFile"), "Items is a list of DownwardAPIVolume "
                                                                         "file"))}});
    set.object(core("DownwardAPIVolumeSource"),
               "DownwardAPIVolumeSource represents a volume containing downward API info.",
               {
                   {"defaultMode", i32(kDefaultModeDoc)},
                   {"items", listAtomic(refs(core("DownwardAPIVolumeFile"), "Items is a list of downward API "
                                                                            "volume file"))},
               });
    set.object(core("DownwardAPIVolumeFile"),
               "DownwardAPIVolumeFile represents information to create the file containing the pod field",
               {
                   {"fieldRef", ref(core("ObjectFieldSelector"), "Required: Selects a field of the pod: only "
                                                                 "annotations, labels, name, namespace and uid "
                                                                 "are supported.")},
                   {"mode", i32("Optional: mode bits used to set permissions on this file, must be an octal value "
                                "between 0000 and 0777 or a decimal value between 0 and 511.")},
                   {"path", str("Required: Path is  the relative path name of the file to be created. Must not be "
                                "absolute or contain the '..' path.")},
                   {"resourceFieldRef",
                    ref(core("ResourceFieldSelector"), "Selects a resource of the container: only resources limits and "
                                                       "requests (limits.cpu, limits.memory, requests.cpu and "
                                                       "requests.memory) are currently supported.")},
               },
               {QStringLiteral("path")});
    set.object(core("ServiceAccountTokenProjection"),
               "ServiceAccountTokenProjection represents a projected service account token volume.",
               {
                   {"audience", str("audience is the intended audience of the token. A recipient of a token must "
                                    "identify itself with an identifier specified in the audience of the token, "
                                    "and otherwise should reject the token.")},
                   {"expirationSeconds", i64("expirationSeconds is the requested duration of validity of the "
                                             "service account token. Defaults to 1 hour and must be at least 10 "
                                             "minutes.")},
                   {"path", str("path is the path relative to the mount point of the file to project the token "
                                "into.")},
               },
               {QStringLiteral("path")});
}

void addRemoteSources(SchemaSet &set)
{
    set.object(core("NFSVolumeSource"),
               "Represents an NFS mount that lasts the lifetime of a pod. NFS volumes do not support ownership "
               "management or SELinux relabeling.",
               {
                   {"path", str("path that is exported by the NFS server. More info: "
                                "https://kubernetes.io/docs/concepts/storage/volumes#nfs")},
                   {"readOnly", boolean("readOnly here will force the NFS export to be mounted with read-only "
                                        "permissions. Defaults to false.")},
                   {"server", str("server is the hostname or IP address of the NFS server. More info: "
                                  "https://kubernetes.io/docs/concepts/storage/volumes#nfs")},
               },
               {QStringLiteral("server"), QStringLiteral("path")});
    set.object(core("CSIVolumeSource"),
               "Represents a source location of a volume to mount, managed by an external CSI driver",
               {
                   {"driver", str("driver is the name of the CSI driver that handles this volume. Consult with "
                                  "your admin for the correct name as registered in the cluster.")},
                   {"fsType", str("fsType to mount. Ex. \"ext4\", \"xfs\", \"ntfs\". If not provided, the empty "
                                  "value is passed to the associated CSI driver which will determine the default "
                                  "filesystem to apply.")},
                   {"nodePublishSecretRef",
                    ref(core("LocalObjectReference"), "nodePublishSecretRef is a reference to the secret object "
                                                      "containing sensitive information to pass to the CSI driver.")},
                   {"readOnly", boolean("readOnly specifies a read-only configuration for the volume. Defaults to "
                                        "false (read/write).")},
                   {"volumeAttributes", strMap("volumeAttributes stores driver-specific properties that are "
                                               "passed to the CSI driver.")},
               },
               {QStringLiteral("driver")});
}

} // namespace

void addVolumeSchemas(SchemaSet &set)
{
    addVolume(set);
    addLocalSources(set);
    addProjectedSources(set);
    addRemoteSources(set);
}

} // namespace tugboat::apiserver::schemas
