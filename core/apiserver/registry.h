// The life of an object between the API and the store: what Kubernetes' generic registry does on
// create, update and delete (uids, timestamps, generation, defaults, validation, status kept apart from
// spec, finalizers and graceful deletion, dry runs), and the key layout in the store:
//   /registry/<resource>[.<group>]/[<namespace>/]<name>
//
// Pods created get the default NoExecute tolerations of not-ready and unreachable nodes (Kubernetes'
// DefaultTolerationSeconds admission, api::withDefaultTolerations) for the pod eviction timeout.
//
// Thread-safety: stateless apart from the store and its settings; call from any worker thread (calls
// block on the store). Settings may change at any time and apply to later requests.
#pragma once

#include "api/clock.h"
#include "api/fieldselector.h"
#include "api/kinds.h"
#include "api/labelselector.h"
#include "store/store.h"

#include <QStringList>

#include <atomic>
#include <chrono>
#include <optional>

namespace tugboat::apiserver {

using api::Error;
using api::ObjectPtr;
using api::ResourceInfo;
using api::Result;

enum class FieldValidation { Ignore, Warn, Strict };

struct WriteOptions {
    bool dryRun = false;
    QString fieldManager;          // who makes the change, recorded in metadata.managedFields
    QString subresource;           // "", "status" or "scale": recorded with the manager
    bool managedFieldsSet = false; // server-side apply already recorded the manager
    FieldValidation fieldValidation = FieldValidation::Warn;
};

// Which part of an object a write may change: the main resource never changes status; the status
// subresource changes nothing but status (and metadata labels/annotations, as Kubernetes allows).
enum class Part { Main, Status };

struct ListQuery {
    QString namespaceName; // empty: all namespaces (or a cluster-scoped kind)
    api::LabelSelector labels;
    api::FieldSelector fields;
    int limit = 0;
    QString continueToken;
    QString resourceVersion;      // "" or "0": latest; "N": see match
    QString resourceVersionMatch; // "", "Exact", "NotOlderThan"
};

struct ListPage {
    std::vector<ObjectPtr> items;
    qint64 revision = 0;
    QString continueToken;
};

struct DeleteOptions {
    QString propagationPolicy; // Background (default), Foreground, Orphan
    QString preconditionUid;
    QString preconditionResourceVersion;
    bool dryRun = false;
    // Pods only: seconds the node has to stop the containers (absent: the pod's
    // terminationGracePeriodSeconds). 0 deletes at once.
    std::optional<qint64> gracePeriodSeconds;
};

class Registry {
public:
    Registry(store::Store &store, api::Clock &clock);

    static QString key(const ResourceInfo &info, const QString &ns, const QString &name);
    static QString prefix(const ResourceInfo &info, const QString &ns);
    store::Store &store() { return m_store; }
    api::Clock &clock() { return m_clock; }

    // tugboatd's --pod-eviction-timeout (Kubernetes' --default-not-ready-toleration-seconds and
    // --default-unreachable-toleration-seconds): the tolerationSeconds of the default tolerations, the
    // timeout rounded up to whole seconds. Default 300 s; negative: pods get none.
    void setPodEvictionTimeout(std::chrono::milliseconds timeout);

    Result<ObjectPtr> get(const ResourceInfo &info, const QString &ns, const QString &name);
    Result<ListPage> list(const ResourceInfo &info, const ListQuery &query);

    // `warnings` collects what Kubernetes sends as Warning headers (unknown fields under Warn).
    Result<ObjectPtr> create(const ResourceInfo &info, const QString &ns, const api::Object &object,
                             const WriteOptions &options, QStringList *warnings);
    // `old` is the object the change was computed from (its resourceVersion is the precondition
    // unless the new object names one itself, or has none and `unconditional` is set).
    Result<ObjectPtr> update(const ResourceInfo &info, const QString &ns, const QString &name,
                             const api::Object &object, Part part, const WriteOptions &options, QStringList *warnings);
    // Deletes the object, or marks it as being deleted (deletionTimestamp) while finalizers are pending.
    // A pod bound to a node is deleted gracefully, as Kubernetes does: deletionTimestamp is set `grace`
    // seconds ahead (deletionGracePeriodSeconds), its node stops the containers and then deletes it with
    // grace 0. A later delete may shorten the grace period, never lengthen it.
    Result<ObjectPtr> remove(const ResourceInfo &info, const QString &ns, const QString &name,
                             const DeleteOptions &options);

    // Checks an object read from a request body against the endpoint it was sent to.
    static Result<void> checkIdentity(const ResourceInfo &info, const QString &ns, const QString &name,
                                      const api::Object &object);

    // Whether the namespace accepts new objects (exists and is not terminating).
    Result<void> checkNamespaceOpen(const QString &ns);

private:
    Result<ObjectPtr> finishUpdate(const ResourceInfo &info, const QString &key, const ObjectPtr &old,
                                   api::Object updated, qint64 precondition, const WriteOptions &options,
                                   QStringList *warnings);

    store::Store &m_store;
    api::Clock &m_clock;
    std::atomic<qint64> m_defaultTolerationSeconds{300}; // < 0: none
};

// Kubernetes' messages for store errors, naming the object: `deployments.apps "web" not found`.
Error objectError(const Error &storeError, const ResourceInfo &info, const QString &name);

} // namespace tugboat::apiserver
