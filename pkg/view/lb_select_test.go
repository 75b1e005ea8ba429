package view

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// --failing keeps an agent that fails as a whole even with every service
// fine, drops a healthy one, and leaves the input as it was.
func TestSelectAgentsKeepsFailingAgents(t *testing.T) {
	agents := []Agent{
		{ID: "ok", HAProxyUp: true, Services: []AgentService{{Service: "web", Generation: 2, Applied: 2}}},
		{ID: "unread", ReadError: "connection refused", Services: []AgentService{{Service: "web", Generation: 2, Applied: 2}}},
		{ID: "no-marathon", HAProxyUp: true, MarathonError: "timeout", Services: []AgentService{{Service: "web", Generation: 2, Applied: 2}}},
		{ID: "refuses", HAProxyUp: true, Services: []AgentService{{Service: "api", Generation: 1, Applied: 1}, {Service: "web", Generation: 2, Applied: 2, Refused: "a realm limit"}}},
	}
	got, missing := SelectAgents(agents, nil, true)
	assert.Empty(t, missing)
	var ids []string
	for _, a := range got {
		ids = append(ids, a.ID)
	}
	assert.Equal(t, []string{"unread", "no-marathon", "refuses"}, ids)
	assert.Empty(t, got[0].Services, "its services are fine: the agent's own row says what fails")
	assert.Equal(t, []AgentService{agents[3].Services[1]}, got[2].Services)
	assert.Len(t, agents[3].Services, 2, "the input is not changed")

	got, missing = SelectAgents(agents, []string{"api", "db", "api"}, false)
	assert.Equal(t, []string{"db"}, missing)
	assert.Len(t, got, 4)
	assert.Empty(t, got[0].Services)
	assert.Equal(t, "api", got[3].Services[0].Service)
}
