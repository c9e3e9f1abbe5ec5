// Package cloud is a fake third-party SDK.
package cloud

import "thirdparty.com/cloud/internal/wire"

// Client is a client.
var Client = wire.Protocol
