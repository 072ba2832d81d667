import { createRouter } from "../../../platform/router";
import * as handlers from "./handlers";
import * as routes from "./routes";

export const campaignsRouter = createRouter()
  .openapi(routes.createCampaign, handlers.createCampaign)
  .openapi(routes.listCampaigns, handlers.listCampaigns)
  .openapi(routes.getCampaign, handlers.getCampaign)
  .openapi(routes.updateCampaign, handlers.updateCampaign)
  .openapi(routes.deleteCampaign, handlers.deleteCampaign)
  .openapi(routes.addLeads, handlers.addLeads)
  .openapi(routes.listLeads, handlers.listLeads)
  .openapi(routes.removeLead, handlers.removeLead)
  .openapi(routes.generate, handlers.generate)
  .openapi(routes.getBatch, handlers.getBatch)
  .openapi(routes.cancelBatch, handlers.cancelBatch)
  .openapi(routes.listDrafts, handlers.listDrafts);
