#include "identity.h"

namespace tugboat::apiserver {

namespace {
const QString kAuthenticated = QStringLiteral("system:authenticated");
}

QString roleName(Role role)
{
    switch (role) {
    case Role::Admin:
        return QStringLiteral("admin");
    case Role::Viewer:
        return QStringLiteral("viewer");
    case Role::Node:
        return QStringLiteral("node");
    case Role::Anonymous:
        break;
    }
    return QStringLiteral("anonymous");
}

std::optional<Role> tokenRoleFromName(const QString &name)
{
    for (Role role : {Role::Admin, Role::Viewer, Role::Node}) {
        if (name == roleName(role))
            return role;
    }
    return std::nullopt;
}

Identity Identity::forToken(Role role, const QString &tokenId, const QString &nodeName)
{
    Identity identity;
    identity.role = role;
    identity.tokenId = tokenId;
    switch (role) {
    case Role::Admin:
        identity.userName = QStringLiteral("admin");
        identity.groups = {QStringLiteral("system:masters"), kAuthenticated};
        break;
    case Role::Viewer:
        identity.userName = QStringLiteral("viewer");
        identity.groups = {QStringLiteral("tugboat:viewers"), kAuthenticated};
        break;
    case Role::Node:
        identity.nodeName = nodeName;
        if (nodeName.isEmpty()) {
            identity.userName = QStringLiteral("system:bootstrap:") + tokenId;
            identity.groups = {QStringLiteral("system:bootstrappers"), kAuthenticated};
        } else {
            identity.userName = QStringLiteral("system:node:") + nodeName;
            identity.groups = {QStringLiteral("system:nodes"), kAuthenticated};
        }
        break;
    case Role::Anonymous:
        return anonymous();
    }
    return identity;
}

Identity Identity::anonymous()
{
    Identity identity;
    identity.userName = QStringLiteral("system:anonymous");
    identity.groups = {QStringLiteral("system:unauthenticated")};
    return identity;
}

QDebug operator<<(QDebug debug, const Identity &identity)
{
    QDebugStateSaver saver(debug);
    debug.nospace() << "Identity(user=" << identity.userName << ", groups=" << identity.groups
                    << ", role=" << roleName(identity.role);
    if (!identity.nodeName.isEmpty())
        debug << ", node=" << identity.nodeName;
    if (!identity.tokenId.isEmpty())
        debug << ", token=" << identity.tokenId;
    debug << ')';
    return debug;
}

} // namespace tugboat::apiserver
