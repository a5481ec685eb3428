// Legacy discovery, as every kubectl version can use it: GET /api (APIVersions) and /apis
// (APIGroupList), then one APIResourceList per group-version, fetched in parallel.
//
// Aggregated discovery (one round trip) is not used: legacy discovery is served by every server,
// tugboatd included, and the client asks for it only when a console connects.
//
// Thread affinity: the ApiClient's thread; an Operation owned by the client.
#pragma once

#include "apirequest.h"

#include <QJsonObject>

namespace tugboat::client {
class ApiClient;
}

namespace tugboat::client::detail {

class ResourceDiscovery final : public Operation {
public:
    ResourceDiscovery(ApiClient *client, QObject *owner, Callback<DiscoveredResources> done);
    void start();
    void cancel() override;

private:
    void onRoot(const QString &path, api::Result<QByteArray> body);
    void fetchGroupVersions();
    void onGroupVersion(const QString &groupVersion, api::Result<QByteArray> body);
    void finishWith(api::Result<DiscoveredResources> result);

    ApiClient *m_client;
    Callback<DiscoveredResources> m_done;
    QList<Call> m_calls;
    QStringList m_groupVersions;
    int m_rootsPending = 2;
    int m_pending = 0;
    DiscoveredResources m_result;
};

// The resources of one APIResourceList, subresources ("pods/log") folded into their resource.
QList<api::ResourceInfo> parseApiResourceList(const QJsonObject &list);

} // namespace tugboat::client::detail
