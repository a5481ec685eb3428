// coordination.k8s.io/v1 Lease: leader election and node heartbeats.
#include "schemas.h"

namespace tugboat::apiserver::schemas {

void addCoordinationSchemas(SchemaSet &set)
{
    const Gvk lease{QStringLiteral("coordination.k8s.io"), QStringLiteral("v1"), QStringLiteral("Lease")};
    set.kind(
        coordination("Lease"), "Lease defines a lease concept.", lease,
        {{"spec", ref(coordination("LeaseSpec"), "spec contains the specification of the Lease. More info: "
                                                 "https://git.k8s.io/community/contributors/devel/sig-architecture/"
                                                 "api-conventions.md#spec-and-status")}});
    set.list(coordination("LeaseList"), coordination("Lease"),
             {lease.group, lease.version, QStringLiteral("LeaseList")});
    set.object(coordination("LeaseSpec"), "LeaseSpec is a specification of a Lease.",
               {
                   {"acquireTime", microTime("acquireTime is a time when the current lease was acquired.")},
                   {"holderIdentity", str("holderIdentity contains the identity of the holder of a current "
                                          "lease.")},
                   {"leaseDurationSeconds", i32("leaseDurationSeconds is a duration that candidates for a lease "
                                                "need to wait to force acquire it. This is measured against the "
                                                "time of last observed renewTime.")},
                   {"leaseTransitions", i32("leaseTransitions is the number of transitions of a lease between "
                                            "holders.")},
                   {"preferredHolder", str("PreferredHolder signals to a lease holder that the lease has a more "
                                           "optimal holder and should be given up.")},
                   {"renewTime", microTime("renewTime is a time when the current holder of a lease has last "
                                           "updated the lease.")},
                   {"strategy", str("Strategy indicates the strategy for picking the leader for coordinated "
                                    "leader election.")},
               });
}

} // namespace tugboat::apiserver::schemas
