#include "sharedinformers.h"

#include "apiclient.h"

namespace tugboat::client {

namespace {
const char kObjectName[] = "tugboat-shared-informers";
}

SharedInformers::SharedInformers(ApiClient &client)
    : QObject(&client)
    , m_client(client)
{
    setObjectName(QLatin1String(kObjectName));
}

SharedInformers *SharedInformers::attach(ApiClient &client)
{
    if (SharedInformers *existing = of(client))
        return existing;
    return new SharedInformers(client);
}

SharedInformers *SharedInformers::of(ApiClient &client)
{
    return client.findChild<SharedInformers *>(QLatin1String(kObjectName), Qt::FindDirectChildrenOnly);
}

QString SharedInformers::keyOf(const InformerOptions &o)
{
    return QStringList{o.resource.group,
                       o.resource.version,
                       o.resource.resource,
                       o.namespaceName,
                       o.labelSelector,
                       o.fieldSelector,
                       QString::number(o.resyncPeriod.count()),
                       QString::number(o.pageSize),
                       o.transformId}
        .join(QLatin1Char('\x1f'));
}

Informer *SharedInformers::informer(const InformerOptions &options)
{
    if (options.transform) {
        // A transform keeps a subset of the object at the same paths: an informer of whole objects
        // serves its consumer as well, without a second watch, decode and cache.
        InformerOptions whole = options;
        whole.transform = {};
        whole.transformId.clear();
        if (Informer *full = m_informers.value(keyOf(whole)))
            return full;
        if (options.transformId.isEmpty())
            return nullptr;
    }
    const QString key = keyOf(options);
    if (Informer *existing = m_informers.value(key))
        return existing;
    auto *created = new Informer(m_client, options, this);
    m_informers.insert(key, created);
    return created;
}

void SharedInformers::stopAll()
{
    for (Informer *informer : std::as_const(m_informers))
        informer->stop();
}

} // namespace tugboat::client
