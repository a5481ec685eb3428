// core/v1 Volume and its sources (configMap, secret, emptyDir, hostPath, persistentVolumeClaim,
// projected, downwardAPI, ephemeral, csi, image and the in-tree network and cloud volumes), from
// k8s.io/api/core/v1/generated.proto. VolumeSource is embedded in Volume (Inline).
// Field order is the .proto's; flags as in protobufschema.h.
#include "protobufschema.h"

namespace tugboat::apiserver::protobuf {

void addVolumeMessages(MessageTable &table)
{
    using enum Kind;
    // One field a line, as in the .proto; clang-format would pack them into columns.
    // clang-format off
    table["core.Volume"] = {
        {1, "name", String, NoOmit},
        {2, "volumeSource", "core.VolumeSource", Inline},
    };
    table["core.VolumeSource"] = {
        {1, "hostPath", "core.HostPathVolumeSource", Ptr},
        {2, "emptyDir", "core.EmptyDirVolumeSource", Ptr},
        {3, "gcePersistentDisk", "core.GCEPersistentDiskVolumeSource", Ptr},
        {4, "awsElasticBlockStore", "core.AWSElasticBlockStoreVolumeSource", Ptr},
        {5, "gitRepo", "core.GitRepoVolumeSource", Ptr},
        {6, "secret", "core.SecretVolumeSource", Ptr},
        {7, "nfs", "core.NFSVolumeSource", Ptr},
        {8, "iscsi", "core.ISCSIVolumeSource", Ptr},
        {9, "glusterfs", "core.GlusterfsVolumeSource", Ptr},
        {10, "persistentVolumeClaim", "core.PersistentVolumeClaimVolumeSource", Ptr},
        {11, "rbd", "core.RBDVolumeSource", Ptr},
        {12, "flexVolume", "core.FlexVolumeSource", Ptr},
        {13, "cinder", "core.CinderVolumeSource", Ptr},
        {14, "cephfs", "core.CephFSVolumeSource", Ptr},
        {15, "flocker", "core.FlockerVolumeSource", Ptr},
        {16, "downwardAPI", "core.DownwardAPIVolumeSource", Ptr},
        {17, "fc", "core.FCVolumeSource", Ptr},
        {18, "azureFile", "core.AzureFileVolumeSource", Ptr},
        {19, "configMap", "core.ConfigMapVolumeSource", Ptr},
        {20, "vsphereVolume", "core.VsphereVirtualDiskVolumeSource", Ptr},
        {21, "quobyte", "core.QuobyteVolumeSource", Ptr},
        {22, "azureDisk", "core.AzureDiskVolumeSource", Ptr},
        {23, "photonPersistentDisk", "core.PhotonPersistentDiskVolumeSource", Ptr},
        {26, "projected", "core.ProjectedVolumeSource", Ptr},
        {24, "portworxVolume", "core.PortworxVolumeSource", Ptr},
        {25, "scaleIO", "core.ScaleIOVolumeSource", Ptr},
        {27, "storageos", "core.StorageOSVolumeSource", Ptr},
        {28, "csi", "core.CSIVolumeSource", Ptr},
        {29, "ephemeral", "core.EphemeralVolumeSource", Ptr},
        {30, "image", "core.ImageVolumeSource", Ptr},
    };
    table["core.ConfigMapVolumeSource"] = {
        {1, "localObjectReference", "core.LocalObjectReference", Inline},
        {2, "items", "core.KeyToPath", Rep},
        {3, "defaultMode", Int32, Ptr},
        {4, "optional", Bool, Ptr},
    };
    table["core.SecretVolumeSource"] = {
        {1, "secretName", String},
        {2, "items", "core.KeyToPath", Rep},
        {3, "defaultMode", Int32, Ptr},
        {4, "optional", Bool, Ptr},
    };
    table["core.KeyToPath"] = {
        {1, "key", String, NoOmit},
        {2, "path", String, NoOmit},
        {3, "mode", Int32, Ptr},
    };
    table["core.EmptyDirVolumeSource"] = {
        {1, "medium", String},
        {2, "sizeLimit", Quantity, Ptr},
    };
    table["core.HostPathVolumeSource"] = {
        {1, "path", String, NoOmit},
        {2, "type", String, Ptr},
    };
    table["core.PersistentVolumeClaimVolumeSource"] = {
        {1, "claimName", String, NoOmit},
        {2, "readOnly", Bool},
    };
    table["core.ProjectedVolumeSource"] = {
        {1, "sources", "core.VolumeProjection", Rep | NoOmit},
        {2, "defaultMode", Int32, Ptr},
    };
    table["core.VolumeProjection"] = {
        {1, "secret", "core.SecretProjection", Ptr},
        {2, "downwardAPI", "core.DownwardAPIProjection", Ptr},
        {3, "configMap", "core.ConfigMapProjection", Ptr},
        {4, "serviceAccountToken", "core.ServiceAccountTokenProjection", Ptr},
        {5, "clusterTrustBundle", "core.ClusterTrustBundleProjection", Ptr},
    };
    table["core.ConfigMapProjection"] = {
        {1, "localObjectReference", "core.LocalObjectReference", Inline},
        {2, "items", "core.KeyToPath", Rep},
        {4, "optional", Bool, Ptr},
    };
    table["core.SecretProjection"] = {
        {1, "localObjectReference", "core.LocalObjectReference", Inline},
        {2, "items", "core.KeyToPath", Rep},
        {4, "optional", Bool, Ptr},
    };
    table["core.DownwardAPIProjection"] = {
        {1, "items", "core.DownwardAPIVolumeFile", Rep},
    };
    table["core.ServiceAccountTokenProjection"] = {
        {1, "audience", String},
        {2, "expirationSeconds", Int64, Ptr},
        {3, "path", String, NoOmit},
    };
    table["core.ClusterTrustBundleProjection"] = {
        {1, "name", String, Ptr},
        {2, "signerName", String, Ptr},
        {3, "labelSelector", "meta.LabelSelector", Ptr},
        {5, "optional", Bool, Ptr},
        {4, "path", String, NoOmit},
    };
    table["core.DownwardAPIVolumeSource"] = {
        {1, "items", "core.DownwardAPIVolumeFile", Rep},
        {2, "defaultMode", Int32, Ptr},
    };
    table["core.DownwardAPIVolumeFile"] = {
        {1, "path", String, NoOmit},
        {2, "fieldRef", "core.ObjectFieldSelector", Ptr},
        {3, "resourceFieldRef", "core.ResourceFieldSelector", Ptr},
        {4, "mode", Int32, Ptr},
    };
    table["core.EphemeralVolumeSource"] = {
        {1, "volumeClaimTemplate", "core.PersistentVolumeClaimTemplate", Ptr},
    };
    table["core.PersistentVolumeClaimTemplate"] = {
        {1, "metadata", "meta.ObjectMeta"},
        {2, "spec", "core.PersistentVolumeClaimSpec"},
    };
    table["core.PersistentVolumeClaimSpec"] = {
        {1, "accessModes", String, Rep},
        {4, "selector", "meta.LabelSelector", Ptr},
        {2, "resources", "core.VolumeResourceRequirements"},
        {3, "volumeName", String},
        {5, "storageClassName", String, Ptr},
        {6, "volumeMode", String, Ptr},
        {7, "dataSource", "core.TypedLocalObjectReference", Ptr},
        {8, "dataSourceRef", "core.TypedObjectReference", Ptr},
        {9, "volumeAttributesClassName", String, Ptr},
    };
    table["core.VolumeResourceRequirements"] = {
        {1, "limits", QuantityMap},
        {2, "requests", QuantityMap},
    };
    table["core.TypedLocalObjectReference"] = {
        {1, "apiGroup", String, Ptr | NoOmit},
        {2, "kind", String, NoOmit},
        {3, "name", String, NoOmit},
    };
    table["core.TypedObjectReference"] = {
        {1, "apiGroup", String, Ptr | NoOmit},
        {2, "kind", String, NoOmit},
        {3, "name", String, NoOmit},
        {4, "namespace", String, Ptr},
    };
    table["core.CSIVolumeSource"] = {
        {1, "driver", String, NoOmit},
        {2, "readOnly", Bool, Ptr},
        {3, "fsType", String, Ptr},
        {4, "volumeAttributes", StringMap},
        {5, "nodePublishSecretRef", "core.LocalObjectReference", Ptr},
    };
    table["core.ImageVolumeSource"] = {
        {1, "reference", String},
        {2, "pullPolicy", String},
    };
    table["core.NFSVolumeSource"] = {
        {1, "server", String, NoOmit},
        {2, "path", String, NoOmit},
        {3, "readOnly", Bool},
    };
    table["core.ISCSIVolumeSource"] = {
        {1, "targetPortal", String, NoOmit},
        {2, "iqn", String, NoOmit},
        {3, "lun", Int32, NoOmit},
        {4, "iscsiInterface", String},
        {5, "fsType", String},
        {6, "readOnly", Bool},
        {7, "portals", String, Rep},
        {8, "chapAuthDiscovery", Bool},
        {11, "chapAuthSession", Bool},
        {10, "secretRef", "core.LocalObjectReference", Ptr},
        {12, "initiatorName", String, Ptr},
    };
    table["core.GitRepoVolumeSource"] = {
        {1, "repository", String, NoOmit},
        {2, "revision", String},
        {3, "directory", String},
    };
    table["core.AWSElasticBlockStoreVolumeSource"] = {
        {1, "volumeID", String, NoOmit},
        {2, "fsType", String},
        {3, "partition", Int32},
        {4, "readOnly", Bool},
    };
    table["core.AzureDiskVolumeSource"] = {
        {1, "diskName", String, NoOmit},
        {2, "diskURI", String, NoOmit},
        {3, "cachingMode", String, Ptr},
        {4, "fsType", String, Ptr},
        {5, "readOnly", Bool, Ptr},
        {6, "kind", String, Ptr},
    };
    table["core.AzureFileVolumeSource"] = {
        {1, "secretName", String, NoOmit},
        {2, "shareName", String, NoOmit},
        {3, "readOnly", Bool},
    };
    table["core.CephFSVolumeSource"] = {
        {1, "monitors", String, Rep | NoOmit},
        {2, "path", String},
        {3, "user", String},
        {4, "secretFile", String},
        {5, "secretRef", "core.LocalObjectReference", Ptr},
        {6, "readOnly", Bool},
    };
    table["core.CinderVolumeSource"] = {
        {1, "volumeID", String, NoOmit},
        {2, "fsType", String},
        {3, "readOnly", Bool},
        {4, "secretRef", "core.LocalObjectReference", Ptr},
    };
    table["core.FCVolumeSource"] = {
        {1, "targetWWNs", String, Rep},
        {2, "lun", Int32, Ptr},
        {3, "fsType", String},
        {4, "readOnly", Bool},
        {5, "wwids", String, Rep},
    };
    table["core.FlexVolumeSource"] = {
        {1, "driver", String, NoOmit},
        {2, "fsType", String},
        {3, "secretRef", "core.LocalObjectReference", Ptr},
        {4, "readOnly", Bool},
        {5, "options", StringMap},
    };
    table["core.FlockerVolumeSource"] = {
        {1, "datasetName", String},
        {2, "datasetUUID", String},
    };
    table["core.GCEPersistentDiskVolumeSource"] = {
        {1, "pdName", String, NoOmit},
        {2, "fsType", String},
        {3, "partition", Int32},
        {4, "readOnly", Bool},
    };
    table["core.GlusterfsVolumeSource"] = {
        {1, "endpoints", String, NoOmit},
        {2, "path", String, NoOmit},
        {3, "readOnly", Bool},
    };
    table["core.PhotonPersistentDiskVolumeSource"] = {
        {1, "pdID", String, NoOmit},
        {2, "fsType", String},
    };
    table["core.PortworxVolumeSource"] = {
        {1, "volumeID", String, NoOmit},
        {2, "fsType", String},
        {3, "readOnly", Bool},
    };
    table["core.QuobyteVolumeSource"] = {
        {1, "registry", String, NoOmit},
        {2, "volume", String, NoOmit},
        {3, "readOnly", Bool},
        {4, "user", String},
        {5, "group", String},
        {6, "tenant", String},
    };
    table["core.RBDVolumeSource"] = {
        {1, "monitors", String, Rep | NoOmit},
        {2, "image", String, NoOmit},
        {3, "fsType", String},
        {4, "pool", String},
        {5, "user", String},
        {6, "keyring", String},
        {7, "secretRef", "core.LocalObjectReference", Ptr},
        {8, "readOnly", Bool},
    };
    table["core.ScaleIOVolumeSource"] = {
        {1, "gateway", String, NoOmit},
        {2, "system", String, NoOmit},
        {3, "secretRef", "core.LocalObjectReference", Ptr | NoOmit},
        {4, "sslEnabled", Bool},
        {5, "protectionDomain", String},
        {6, "storagePool", String},
        {7, "storageMode", String},
        {8, "volumeName", String},
        {9, "fsType", String},
        {10, "readOnly", Bool},
    };
    table["core.StorageOSVolumeSource"] = {
        {1, "volumeName", String},
        {2, "volumeNamespace", String},
        {3, "fsType", String},
        {4, "readOnly", Bool},
        {5, "secretRef", "core.LocalObjectReference", Ptr},
    };
    table["core.VsphereVirtualDiskVolumeSource"] = {
        {1, "volumePath", String, NoOmit},
        {2, "fsType", String},
        {3, "storagePolicyName", String},
        {4, "storagePolicyID", String},
    };
    // clang-format on
}

} // namespace tugboat::apiserver::protobuf
