export { startWebSocketGateway, type WebSocketGateway } from "./gateway";
