export { startWebSocketGateway, type WebSocketGateway, type WebSocketGatewayOptions, type RouteHandlers } from "./gateway";
