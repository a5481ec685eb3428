// Informers shared by everything that uses one ApiClient (client-go's SharedInformerFactory): the
// controllers of one controller manager watch pods through one pod informer, not one each. Every
// consumer of a shared informer sees the same immutable cached objects, so memory holds each object
// once, the server streams each change once, and the client decodes it once.
//
// Informers are shared when their options match: resource, namespace, selectors, resync period, page
// size, and transform. A transform is compared by its transformId (InformerOptions). A transform keeps
// a subset of the object at the same paths, so a request with a transform is served by the informer of
// whole objects with otherwise equal options when one exists (ask for whole objects first: the
// controller manager builds the garbage collector, which caches every kind whole, before the others).
// Otherwise a transform without an id is private to its caller, and informer() answers null for it.
//
// Attach one to a client with attach(); whoever owns the client decides, and of() finds it. The
// informers are children of the SharedInformers: destroying it stops them. Consumers register their
// handlers and remove them (Informer::removeEventHandler) before the SharedInformers goes away.
//
// Thread affinity: the ApiClient's thread.
#pragma once

#include "informer.h"

#include <QHash>
#include <QObject>

namespace tugboat::client {

class SharedInformers : public QObject {
    Q_OBJECT
public:
    // The SharedInformers attached to `client`, created (as the client's child) if there is none.
    static SharedInformers *attach(ApiClient &client);
    // The SharedInformers attached to `client`, or null.
    static SharedInformers *of(ApiClient &client);

    // The informer for `options`, created (not started) on first request. Null when the options
    // carry a transform without a transformId: such a cache cannot be shared.
    Informer *informer(const InformerOptions &options);
    // Stops every informer.
    void stopAll();
    qsizetype size() const { return m_informers.size(); }

private:
    explicit SharedInformers(ApiClient &client);
    static QString keyOf(const InformerOptions &options);

    ApiClient &m_client;
    QHash<QString, Informer *> m_informers;
};

} // namespace tugboat::client
