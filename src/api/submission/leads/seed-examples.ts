// Request bodies copied from the lead submission seed (shared/seeds/lead-submission-api.txt), as
// written there. They are the OpenAPI examples of their routes and the contract tests send them.

export const SEED_SUBMIT_LEAD = {
  lead: {
    first_name: "John",
    last_name: "Doe",
    email: "john.doe@example.com",
    phone: "5551234567",
    address: "123 Main St",
    city: "Anytown",
    state: "CA",
    postal_code: "90210",
    source: "website_form",
    campaign: "summer_2024",
    custom_field_12345: "premium_customer",
  },
  trusted_form_cert_url: "https://cert.trustedform.com/...",
  options: {
    test_mode: false,
    async: true,
    timeout: 30000,
  },
};

export const SEED_BATCH = {
  leads: [
    { external_id: "lead_001", lead: { first_name: "John", last_name: "Doe", email: "john@example.com", phone: "5551234567" } },
    { external_id: "lead_002", lead: { first_name: "Jane", last_name: "Smith", email: "jane@example.com", phone: "5559876543" } },
  ],
  options: {
    continue_on_error: true,
    max_concurrent: 10,
  },
};

export const SEED_FLOW_CONFIGURATION = {
  steps: [
    {
      id: "step_001",
      type: "source",
      name: "Website Form",
      position: 1,
      settings: {
        required_fields: ["email", "phone"],
        acceptance_criteria: "lead.age >= 18",
      },
    },
    {
      id: "step_002",
      type: "enhancement",
      name: "Email Validation",
      position: 2,
      service: "email_validator",
      settings: {
        check_deliverability: true,
        require_valid: true,
      },
    },
  ],
};

export const SEED_SETTINGS = {
  settings: {
    acceptance_criteria: "lead.age >= 21 && lead.income >= 50000",
    quality_threshold: 0.7,
    volume_cap: {
      daily_limit: 1000,
      hourly_limit: 100,
    },
    notifications: {
      email: "admin@company.com",
      webhook_url: "https://company.com/webhooks/leadconduit",
    },
  },
};
